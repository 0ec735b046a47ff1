-- Nurse stations on the clinic server: the staff, what the station records (vitals, discharges,
-- print attempts, keyed to records_intakes), row versions that stop two nurses overwriting each
-- other, and the kiosk_station group role whose logins read the records and change them only
-- through the station functions here (and the audit log only through record_audit).

-- A kiosk enrolled as "station" would have had a login of this very name: never take it over.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_station') THEN
        CREATE ROLE kiosk_station NOLOGIN;
    ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_station' AND rolcanlogin)
          OR EXISTS (SELECT FROM devices WHERE login_role = 'kiosk_station') THEN
        RAISE EXCEPTION 'the role kiosk_station is a kiosk''s login here: revoke and rename that'
            ' kiosk before upgrading';
    END IF;
END
$$;

CREATE TABLE staff (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (name <> '' AND length(name) <= 60),
    role text NOT NULL CHECK (role IN ('nurse', 'admin')),
    pin_hash text NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
    active boolean NOT NULL DEFAULT true,
    failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    row_version bigint NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX staff_name ON staff (lower(name));

CREATE TABLE records_vitals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    phase text NOT NULL CHECK (phase IN ('pre', 'discharge')),
    systolic integer NOT NULL,
    diastolic integer NOT NULL,
    heart_rate integer NOT NULL,
    spo2 integer NOT NULL,
    recorded_by bigint REFERENCES staff (id),
    recorded_by_name text NOT NULL DEFAULT '',
    recorded_at timestamptz NOT NULL
);

CREATE INDEX records_vitals_intake ON records_vitals (intake_id, phase);

-- no_driving_until is the clinic's local time with its offset, as the kiosk stores it (ISO text):
-- the aftercare sheet shows it as the clinic's clock read it.
CREATE TABLE records_discharges (
    intake_id bigint PRIMARY KEY REFERENCES records_intakes (id),
    driver_name text NOT NULL,
    driver_phone text NOT NULL,
    driver_present boolean NOT NULL,
    discharged_at timestamptz NOT NULL,
    no_driving_until text NOT NULL,
    nurse_id bigint REFERENCES staff (id),
    nurse_name text NOT NULL
);

CREATE TABLE records_prints (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    document text NOT NULL,
    staff_id bigint REFERENCES staff (id),
    printed_by text NOT NULL,
    queue text NOT NULL,
    job_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('sent', 'failed', 'saved')),
    detail text NOT NULL DEFAULT '',
    saved_path text NOT NULL DEFAULT '',
    printed_at timestamptz NOT NULL
);

CREATE INDEX records_prints_intake ON records_prints (intake_id, id);

ALTER TABLE records_flags ADD COLUMN acknowledged_staff_id bigint REFERENCES staff (id);

-- Who last changed the intake, what and when ({"by", "act", "at"}): what a nurse whose view was
-- stale is told. A change with no station behind it (a kiosk's step) is the kiosk's.
ALTER TABLE records_intakes ADD COLUMN last_change jsonb;

CREATE FUNCTION records_intakes_changed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.row_version IS DISTINCT FROM OLD.row_version
       AND NEW.last_change IS NOT DISTINCT FROM OLD.last_change THEN
        NEW.last_change := jsonb_build_object(
            'by', 'the kiosk ' || NEW.device, 'act', 'kiosk', 'at', clock_timestamp());
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER records_intakes_last_change BEFORE UPDATE ON records_intakes
    FOR EACH ROW EXECUTE FUNCTION records_intakes_changed();

REVOKE ALL ON staff, records_vitals, records_discharges, records_prints FROM PUBLIC;
REVOKE ALL ON staff, records_vitals, records_discharges, records_prints FROM kiosk_device;

-- The intake a station acts on, locked to COMMIT; refused (SQLSTATE KS409, the last change as
-- JSON in DETAIL) when the nurse's view showed another version. p_seen NULL: no view to check.
CREATE FUNCTION station_intake(p_intake bigint, p_seen bigint) RETURNS public.records_intakes
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_row public.records_intakes%ROWTYPE;
BEGIN
    SELECT * INTO v_row FROM public.records_intakes r
    WHERE r.id = p_intake AND r.day IS NOT NULL AND r.birth_date IS NOT NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no intake %', p_intake USING ERRCODE = 'no_data_found';
    END IF;
    IF p_seen IS NOT NULL AND v_row.row_version <> p_seen THEN
        RAISE EXCEPTION 'the view of intake % is stale (version %, now %)',
            p_intake, p_seen, v_row.row_version
            USING ERRCODE = 'KS409',
                  DETAIL = coalesce(v_row.last_change, '{}'::jsonb)::text;
    END IF;
    RETURN v_row;
END
$$;

-- The intake moved on: its version, who did what when, and the live boards told.
CREATE FUNCTION station_changed(p_intake bigint, p_by text, p_act text, p_alert boolean)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_version bigint;
    v_clinic text;
    v_day date;
BEGIN
    UPDATE public.records_intakes SET
        row_version = row_version + 1,
        updated_at = greatest(updated_at, now()),
        last_change = jsonb_build_object('by', p_by, 'act', p_act, 'at', now())
    WHERE id = p_intake
    RETURNING row_version, clinic, day INTO v_version, v_clinic, v_day;
    PERFORM pg_notify('clinic_board', json_build_object(
        'clinic', v_clinic, 'intake', p_intake, 'day', v_day, 'alert', p_alert)::text);
    RETURN v_version;
END
$$;

-- Move the stage forward (never back).
CREATE FUNCTION station_advance(p_intake bigint, p_stage text) RETURNS void
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$
    UPDATE public.records_intakes SET stage = p_stage
    WHERE id = p_intake AND public.stage_order(p_stage) > public.stage_order(stage)
$$;

-- A nurse saw the flag: who and when, once. The intake's new version.
CREATE FUNCTION station_acknowledge(
    p_flag bigint, p_seen bigint, p_staff_id bigint, p_staff_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_intake bigint;
    v_row public.records_intakes%ROWTYPE;
BEGIN
    SELECT f.intake_id INTO v_intake FROM public.records_flags f WHERE f.id = p_flag;
    IF v_intake IS NULL THEN
        RAISE EXCEPTION 'no flag %', p_flag USING ERRCODE = 'no_data_found';
    END IF;
    v_row := public.station_intake(v_intake, p_seen);
    UPDATE public.records_flags SET
        acknowledged_by = p_staff_name, acknowledged_staff_id = p_staff_id,
        acknowledged_at = now(), row_version = row_version + 1
    WHERE id = p_flag AND acknowledged_at IS NULL;
    IF NOT FOUND THEN
        RETURN v_row.row_version;
    END IF;
    RETURN public.station_changed(v_intake, p_staff_name, 'acknowledge', false);
END
$$;

-- Readings and the flags they raise (sticky: one per code); readings before the infusion seat
-- the patient. p_flags: [{code, level, source, reason, alert}].
CREATE FUNCTION station_record_vitals(
    p_intake bigint, p_seen bigint, p_phase text, p_systolic integer, p_diastolic integer,
    p_heart_rate integer, p_spo2 integer, p_staff_id bigint, p_staff_name text, p_flags jsonb
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_alert boolean;
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    INSERT INTO public.records_vitals (intake_id, phase, systolic, diastolic, heart_rate, spo2,
        recorded_by, recorded_by_name, recorded_at)
    VALUES (p_intake, p_phase, p_systolic, p_diastolic, p_heart_rate, p_spo2, p_staff_id,
        coalesce(p_staff_name, ''), now());
    INSERT INTO public.records_flags (intake_id, code, level, source, reason, alert, raised_at)
    SELECT p_intake, f->>'code', f->>'level', f->>'source', f->'reason',
           (f->>'alert')::boolean, now()
    FROM jsonb_array_elements(coalesce(p_flags, '[]')) AS f
    ON CONFLICT (intake_id, code) DO NOTHING;
    SELECT coalesce(bool_or((f->>'alert')::boolean), false) INTO v_alert
    FROM jsonb_array_elements(coalesce(p_flags, '[]')) AS f;
    IF p_phase = 'pre' THEN
        PERFORM public.station_advance(p_intake, 'in_chair');
    END IF;
    RETURN public.station_changed(p_intake, p_staff_name, 'vitals', v_alert);
END
$$;

-- The patient is in the infusion chair.
CREATE FUNCTION station_seat(p_intake bigint, p_seen bigint, p_staff_name text) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    PERFORM public.station_advance(p_intake, 'in_chair');
    RETURN public.station_changed(p_intake, p_staff_name, 'seat', false);
END
$$;

-- The patient goes home: once (SQLSTATE KS410 when already discharged).
CREATE FUNCTION station_discharge(
    p_intake bigint, p_seen bigint, p_driver_name text, p_driver_phone text,
    p_driver_present boolean, p_discharged_at timestamptz, p_no_driving_until text,
    p_nurse_id bigint, p_nurse_name text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    IF EXISTS (SELECT FROM public.records_discharges d WHERE d.intake_id = p_intake) THEN
        RAISE EXCEPTION 'intake % is already discharged', p_intake USING ERRCODE = 'KS410';
    END IF;
    INSERT INTO public.records_discharges (intake_id, driver_name, driver_phone, driver_present,
        discharged_at, no_driving_until, nurse_id, nurse_name)
    VALUES (p_intake, p_driver_name, p_driver_phone, p_driver_present, p_discharged_at,
        p_no_driving_until, p_nurse_id, p_nurse_name);
    PERFORM public.station_advance(p_intake, 'discharged');
    RETURN public.station_changed(p_intake, p_nurse_name, 'discharge', false);
END
$$;

-- One print attempt; its id. The intake's version moves on too (its view shows the prints).
CREATE FUNCTION station_record_print(
    p_intake bigint, p_seen bigint, p_document text, p_staff_id bigint, p_printed_by text,
    p_queue text, p_job_id text, p_status text, p_detail text, p_saved_path text
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    PERFORM public.station_intake(p_intake, p_seen);
    INSERT INTO public.records_prints (intake_id, document, staff_id, printed_by, queue, job_id,
        status, detail, saved_path, printed_at)
    VALUES (p_intake, p_document, p_staff_id, p_printed_by, p_queue, p_job_id, p_status,
        coalesce(p_detail, ''), coalesce(p_saved_path, ''), now())
    RETURNING id INTO v_id;
    PERFORM public.station_changed(p_intake, p_printed_by, 'print', false);
    RETURN v_id;
END
$$;

-- The PIN hash a station checks a PIN against (scrypt is slow: checked on the station, outside
-- any transaction); NULL for an unknown member.
CREATE FUNCTION staff_pin_hash(p_staff bigint) RETURNS text
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.pin_hash FROM public.staff s WHERE s.id = p_staff
$$;

-- One sign-in attempt settled on the server, the member's row locked to COMMIT so that attempts
-- from several stations are counted one after the other: p_right says whether the PIN matched
-- p_checked_hash (the hash the station checked it against; if it changed meanwhile, the attempt
-- counts as wrong). p_attempts wrong PINs in a row lock the member for p_lockout_minutes (the
-- last allowed one answers 'locked'). A right PIN may store p_new_hash (a stronger hash).
-- Answers the outcome (ok, wrong_pin, locked, disabled, unknown), the attempts left and the lock.
CREATE FUNCTION staff_sign_in(
    p_staff bigint, p_right boolean, p_checked_hash text, p_new_hash text,
    p_attempts integer, p_lockout_minutes double precision
) RETURNS TABLE (outcome text, attempts_left integer, locked_until timestamptz)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_staff public.staff%ROWTYPE;
    v_attempts integer := greatest(coalesce(p_attempts, 1), 1);
    v_failed integer;
    v_until timestamptz;
BEGIN
    SELECT * INTO v_staff FROM public.staff s WHERE s.id = p_staff FOR UPDATE;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown'::text, 0, NULL::timestamptz;
        RETURN;
    END IF;
    IF NOT v_staff.active THEN
        RETURN QUERY SELECT 'disabled'::text, 0, NULL::timestamptz;
        RETURN;
    END IF;
    IF v_staff.locked_until IS NOT NULL AND v_staff.locked_until > clock_timestamp() THEN
        RETURN QUERY SELECT 'locked'::text, 0, v_staff.locked_until;
        RETURN;
    END IF;
    IF p_right AND v_staff.pin_hash = p_checked_hash THEN
        UPDATE public.staff SET failed_attempts = 0, locked_until = NULL,
            pin_hash = coalesce(p_new_hash, pin_hash), updated_at = clock_timestamp(),
            row_version = row_version + 1
        WHERE id = p_staff;
        RETURN QUERY SELECT 'ok'::text, v_attempts, NULL::timestamptz;
        RETURN;
    END IF;
    v_failed := v_staff.failed_attempts + 1;
    IF v_failed >= v_attempts THEN
        v_until := clock_timestamp() + make_interval(secs => p_lockout_minutes * 60);
        UPDATE public.staff SET failed_attempts = 0, locked_until = v_until,
            updated_at = clock_timestamp(), row_version = row_version + 1
        WHERE id = p_staff;
        RETURN QUERY SELECT 'locked'::text, 0, v_until;
        RETURN;
    END IF;
    UPDATE public.staff SET failed_attempts = v_failed, locked_until = NULL,
        updated_at = clock_timestamp(), row_version = row_version + 1
    WHERE id = p_staff;
    RETURN QUERY SELECT 'wrong_pin'::text, v_attempts - v_failed, NULL::timestamptz;
END
$$;

REVOKE ALL ON FUNCTION records_intakes_changed() FROM PUBLIC;
REVOKE ALL ON FUNCTION station_intake(bigint, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_changed(bigint, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_advance(bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_acknowledge(bigint, bigint, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_record_vitals(
    bigint, bigint, text, integer, integer, integer, integer, bigint, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_seat(bigint, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_discharge(
    bigint, bigint, text, text, boolean, timestamptz, text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION station_record_print(
    bigint, bigint, text, bigint, text, text, text, text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_pin_hash(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION staff_sign_in(bigint, boolean, text, text, integer, double precision)
    FROM PUBLIC;

-- What a station's login may do: read the records, the appointments and who the staff are
-- (never a PIN hash nor the counters), and act through the functions above.
GRANT SELECT ON records_intakes, records_answers, records_flags, records_scores,
    records_consents, records_vitals, records_discharges, records_prints, appointments
    TO kiosk_station;
GRANT SELECT (id, name, role, active) ON staff TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_acknowledge(bigint, bigint, bigint, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_record_vitals(
    bigint, bigint, text, integer, integer, integer, integer, bigint, text, jsonb) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_seat(bigint, bigint, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_discharge(
    bigint, bigint, text, text, boolean, timestamptz, text, bigint, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION station_record_print(
    bigint, bigint, text, bigint, text, text, text, text, text, text) TO kiosk_station;
GRANT EXECUTE ON FUNCTION staff_pin_hash(bigint) TO kiosk_station;
GRANT EXECUTE ON FUNCTION staff_sign_in(bigint, boolean, text, text, integer, double precision)
    TO kiosk_station;
GRANT EXECUTE ON FUNCTION record_audit(text, text, text, jsonb) TO kiosk_station;
