-- The infusion and the watch after it on the clinic server (issue 15), as on a kiosk: when the
-- infusion started and ended (as corrected, with every correction and its reason), vitals during
-- it, side effects seen, readiness checks, and a discharge's override reason with its red flag.
-- Each act is a station function that refuses a stale view (KS409, as in 0005), moves the
-- intake's version on and tells the boards; its audit entry is the station's (the service writes
-- it with record_audit in the act's transaction, as for every station act).

ALTER TABLE records_vitals DROP CONSTRAINT records_vitals_phase_check;
ALTER TABLE records_vitals ADD CONSTRAINT records_vitals_phase_check
    CHECK (phase IN ('pre', 'during', 'discharge'));

-- One infusion per intake: its times as corrected (the corrections keep the old ones).
CREATE TABLE records_infusions (
    intake_id bigint PRIMARY KEY REFERENCES records_intakes (id),
    started_at timestamptz NOT NULL,
    started_staff_id bigint REFERENCES staff (id),
    started_by text NOT NULL,
    ended_at timestamptz,
    ended_staff_id bigint REFERENCES staff (id),
    ended_by text NOT NULL DEFAULT '',
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE TABLE records_infusion_corrections (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    which text NOT NULL CHECK (which IN ('started', 'ended')),
    old_at timestamptz,
    new_at timestamptz NOT NULL,
    reason text NOT NULL CHECK (reason <> ''),
    staff_id bigint REFERENCES staff (id),
    corrected_by text NOT NULL,
    corrected_at timestamptz NOT NULL
);

CREATE INDEX records_infusion_corrections_intake ON records_infusion_corrections (intake_id, id);

-- The kinds and severities of kiosk.core.side_effects; only 'other' has words of its own.
CREATE TABLE records_side_effects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    kind text NOT NULL CHECK (kind IN ('nausea', 'vomiting', 'dizziness', 'dissociation',
        'headache', 'raised_blood_pressure', 'raised_heart_rate', 'anxiety', 'other')),
    severity text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
    seen_at timestamptz NOT NULL,
    other_text text NOT NULL DEFAULT '' CHECK (length(other_text) <= 200),
    staff_id bigint REFERENCES staff (id),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL,
    CHECK ((kind = 'other') = (other_text <> ''))
);

CREATE INDEX records_side_effects_intake ON records_side_effects (intake_id, seen_at);

-- A readiness check as scored by the form's version it names (kiosk.core.readiness).
CREATE TABLE records_readiness (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    form_version text NOT NULL,
    answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
    confirmed jsonb NOT NULL CHECK (jsonb_typeof(confirmed) = 'array'),
    points jsonb NOT NULL CHECK (jsonb_typeof(points) = 'object'),
    score integer NOT NULL,
    max_score integer NOT NULL,
    passed boolean NOT NULL,
    reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
    staff_id bigint REFERENCES staff (id),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL
);

CREATE INDEX records_readiness_intake ON records_readiness (intake_id, id);

-- Why the nurse discharged before the patient was ready ('': the checklist passed).
ALTER TABLE records_discharges ADD COLUMN override_reason text NOT NULL DEFAULT '';

REVOKE ALL ON records_infusions, records_infusion_corrections, records_side_effects,
    records_readiness FROM PUBLIC;
REVOKE ALL ON records_infusions, records_infusion_corrections, records_side_effects,
    records_readiness FROM kiosk_device;

-- A mark or correction the infusion's record does not allow (a race past the station's own
-- check, kiosk.core.infusion): SQLSTATE KS411, the kiosk.core.faults.InfusionProblem in DETAIL.
CREATE FUNCTION station_infusion_refused(p_intake bigint, p_problem text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'the infusion of intake % cannot be marked so (%)', p_intake, p_problem
        USING ERRCODE = 'KS411', DETAIL = p_problem;
END
$$;

-- The infusion started (the patient is in the chair) or ended at p_at (the station's clock; its
-- times, like a kiosk's, to the second). An end is never before the start: two stations'
-- clocks may differ by a little.
CREATE FUNCTION station_mark_infusion(
    p_intake bigint, p_seen bigint, p_mark text, p_at timestamptz, p_staff_id bigint,
    p_staff_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    IF EXISTS (SELECT FROM public.records_discharges d WHERE d.intake_id = p_intake) THEN
        PERFORM public.station_infusion_refused(p_intake, 'discharged');
    END IF;
    IF p_mark = 'started' THEN
        IF EXISTS (SELECT FROM public.records_infusions f WHERE f.intake_id = p_intake) THEN
            PERFORM public.station_infusion_refused(p_intake, 'already_started');
        END IF;
        INSERT INTO public.records_infusions (intake_id, started_at, started_staff_id, started_by)
        VALUES (p_intake, date_trunc('second', p_at), p_staff_id, coalesce(p_staff_name, ''));
        PERFORM public.station_advance(p_intake, 'in_chair');
        RETURN public.station_changed(p_intake, p_staff_name, 'infusion_start', false);
    ELSIF p_mark = 'ended' THEN
        IF NOT EXISTS (SELECT FROM public.records_infusions f WHERE f.intake_id = p_intake) THEN
            PERFORM public.station_infusion_refused(p_intake, 'not_started');
        END IF;
        UPDATE public.records_infusions SET
            ended_at = greatest(date_trunc('second', p_at), started_at),
            ended_staff_id = p_staff_id, ended_by = coalesce(p_staff_name, '')
        WHERE intake_id = p_intake AND ended_at IS NULL;
        IF NOT FOUND THEN
            PERFORM public.station_infusion_refused(p_intake, 'already_ended');
        END IF;
        RETURN public.station_changed(p_intake, p_staff_name, 'infusion_end', false);
    END IF;
    RAISE EXCEPTION 'no such mark %', p_mark USING ERRCODE = 'invalid_parameter_value';
END
$$;

-- The infusion's start or end time corrected to p_at: the old time, the new, why and who kept.
CREATE FUNCTION station_correct_infusion(
    p_intake bigint, p_seen bigint, p_mark text, p_at timestamptz, p_reason text,
    p_staff_id bigint, p_staff_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_infusion public.records_infusions%ROWTYPE;
    v_old timestamptz;
    v_at timestamptz := date_trunc('second', p_at);
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    IF p_mark NOT IN ('started', 'ended') THEN
        RAISE EXCEPTION 'no such mark %', p_mark USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM public.records_discharges d WHERE d.intake_id = p_intake) THEN
        PERFORM public.station_infusion_refused(p_intake, 'discharged');
    END IF;
    SELECT * INTO v_infusion FROM public.records_infusions f WHERE f.intake_id = p_intake;
    IF NOT FOUND THEN
        PERFORM public.station_infusion_refused(p_intake, 'not_started');
    END IF;
    IF p_mark = 'ended' AND v_infusion.ended_at IS NULL THEN
        PERFORM public.station_infusion_refused(p_intake, 'not_ended');
    END IF;
    IF (p_mark = 'started' AND v_infusion.ended_at < v_at)
       OR (p_mark = 'ended' AND v_at < v_infusion.started_at) THEN
        PERFORM public.station_infusion_refused(p_intake, 'end_before_start');
    END IF;
    IF p_mark = 'started' THEN
        v_old := v_infusion.started_at;
        UPDATE public.records_infusions SET started_at = v_at WHERE intake_id = p_intake;
    ELSE
        v_old := v_infusion.ended_at;
        UPDATE public.records_infusions SET ended_at = v_at WHERE intake_id = p_intake;
    END IF;
    INSERT INTO public.records_infusion_corrections (intake_id, which, old_at, new_at, reason,
        staff_id, corrected_by, corrected_at)
    VALUES (p_intake, p_mark, v_old, v_at, p_reason, p_staff_id, coalesce(p_staff_name, ''),
        now());
    RETURN public.station_changed(p_intake, p_staff_name, 'infusion_correct', false);
END
$$;

-- A side effect the nurse saw at p_seen_at.
CREATE FUNCTION station_record_side_effect(
    p_intake bigint, p_seen bigint, p_kind text, p_severity text, p_seen_at timestamptz,
    p_other_text text, p_staff_id bigint, p_staff_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    INSERT INTO public.records_side_effects (intake_id, kind, severity, seen_at, other_text,
        staff_id, recorded_by, recorded_at)
    VALUES (p_intake, p_kind, p_severity, date_trunc('second', p_seen_at),
        coalesce(p_other_text, ''), p_staff_id, coalesce(p_staff_name, ''), now());
    RETURN public.station_changed(p_intake, p_staff_name, 'side_effect', false);
END
$$;

-- A readiness check as scored: p_entry {form_version, answers, confirmed, points, score,
-- max_score, passed, reasons}.
CREATE FUNCTION station_record_readiness(
    p_intake bigint, p_seen bigint, p_entry jsonb, p_staff_id bigint, p_staff_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    INSERT INTO public.records_readiness (intake_id, form_version, answers, confirmed, points,
        score, max_score, passed, reasons, staff_id, recorded_by, recorded_at)
    VALUES (p_intake, p_entry->>'form_version', p_entry->'answers', p_entry->'confirmed',
        p_entry->'points', (p_entry->>'score')::integer, (p_entry->>'max_score')::integer,
        (p_entry->>'passed')::boolean, p_entry->'reasons', p_staff_id,
        coalesce(p_staff_name, ''), now());
    RETURN public.station_changed(p_intake, p_staff_name, 'readiness', false);
END
$$;

-- The discharge as in 0005, with the reason the nurse gave for letting a patient who was not
-- ready go: then the red flag of kiosk.core.discharge.override_flag, her reason in it.
DROP FUNCTION station_discharge(
    bigint, bigint, text, text, boolean, timestamptz, text, bigint, text);

CREATE FUNCTION station_discharge(
    p_intake bigint, p_seen bigint, p_driver_name text, p_driver_phone text,
    p_driver_present boolean, p_discharged_at timestamptz, p_no_driving_until text,
    p_nurse_id bigint, p_nurse_name text, p_override_reason text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_reason text := coalesce(p_override_reason, '');
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    IF EXISTS (SELECT FROM public.records_discharges d WHERE d.intake_id = p_intake) THEN
        RAISE EXCEPTION 'intake % is already discharged', p_intake USING ERRCODE = 'KS410';
    END IF;
    INSERT INTO public.records_discharges (intake_id, driver_name, driver_phone, driver_present,
        discharged_at, no_driving_until, nurse_id, nurse_name, override_reason)
    VALUES (p_intake, p_driver_name, p_driver_phone, p_driver_present, p_discharged_at,
        p_no_driving_until, p_nurse_id, p_nurse_name, v_reason);
    IF v_reason <> '' THEN
        INSERT INTO public.records_flags (intake_id, code, level, source, reason, alert, raised_at)
        VALUES (p_intake, 'discharge_override', 'red', 'discharge', jsonb_build_object(
                'en', 'Discharged before ready: ' || v_reason,
                'es', 'Alta antes de estar listo: ' || v_reason),
            false, now())
        ON CONFLICT (intake_id, code) DO NOTHING;
    END IF;
    PERFORM public.station_advance(p_intake, 'discharged');
    RETURN public.station_changed(p_intake, p_nurse_name, 'discharge', false);
END
$$;

REVOKE ALL ON FUNCTION station_infusion_refused(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_mark_infusion(bigint, bigint, text, timestamptz, bigint, text)
    FROM PUBLIC;
REVOKE ALL ON FUNCTION station_correct_infusion(
    bigint, bigint, text, timestamptz, text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_record_side_effect(
    bigint, bigint, text, text, timestamptz, text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_record_readiness(bigint, bigint, jsonb, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_discharge(
    bigint, bigint, text, text, boolean, timestamptz, text, bigint, text, text) FROM PUBLIC;

GRANT SELECT ON records_infusions, records_infusion_corrections, records_side_effects,
    records_readiness TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_mark_infusion(bigint, bigint, text, timestamptz, bigint, text)
    TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_correct_infusion(
    bigint, bigint, text, timestamptz, text, bigint, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_record_side_effect(
    bigint, bigint, text, text, timestamptz, text, bigint, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_record_readiness(bigint, bigint, jsonb, bigint, text)
    TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_discharge(
    bigint, bigint, text, text, boolean, timestamptz, text, bigint, text, text) TO kiosk_station;
