-- The clinic's records on the server: every stored step applied, as it arrives, to tables the
-- station and the exports read (the same shape as a kiosk's own: intakes, answers, flags,
-- scores, consents), each change announced on the channel 'clinic_board' at COMMIT.
-- The steps stay the record of what the kiosks sent; these tables are derived from them.

ALTER TABLE devices ADD COLUMN clinic text NOT NULL DEFAULT 'main'
    CHECK (clinic ~ '^[a-z][a-z0-9_]{0,39}$');

CREATE TABLE records_intakes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE REFERENCES intakes (uuid),
    device text NOT NULL REFERENCES devices (name),
    clinic text NOT NULL,
    day date,                      -- NULL until the intake's check-in arrives
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT '',
    birth_date date,
    appointment uuid,
    verified boolean NOT NULL DEFAULT false,
    language text NOT NULL DEFAULT 'en',
    stage text NOT NULL DEFAULT 'checking_in'
        CHECK (stage IN ('checking_in', 'checklist_done', 'consent_signed', 'in_chair', 'discharged')),
    form_versions jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz,
    updated_at timestamptz,
    completed_at timestamptz,
    row_version bigint NOT NULL DEFAULT 1
);

CREATE INDEX records_intakes_day ON records_intakes (clinic, day);

CREATE TABLE records_answers (
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    form_id text NOT NULL,
    question_id text NOT NULL,
    value jsonb NOT NULL,
    question_text text NOT NULL,
    answer_text text NOT NULL,
    answered_at timestamptz NOT NULL,
    PRIMARY KEY (intake_id, form_id, question_id)
);

CREATE TABLE records_flags (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    code text NOT NULL,
    level text NOT NULL CHECK (level IN ('red', 'amber')),
    source text NOT NULL,
    reason jsonb NOT NULL,
    alert boolean NOT NULL DEFAULT false,
    raised_at timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    row_version bigint NOT NULL DEFAULT 1,
    UNIQUE (intake_id, code)
);

CREATE TABLE records_scores (
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    instrument text NOT NULL,
    total integer NOT NULL,
    severity text NOT NULL,
    scored_at timestamptz NOT NULL,
    PRIMARY KEY (intake_id, instrument)
);

CREATE TABLE records_consents (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id bigint NOT NULL REFERENCES records_intakes (id),
    version integer NOT NULL,
    language text NOT NULL,
    text_sha256 text NOT NULL,
    printed_name text NOT NULL,
    meaning text NOT NULL,
    signed_at timestamptz NOT NULL,
    pdf bytea NOT NULL,
    pdf_sha256 text NOT NULL,
    agreed_sections jsonb NOT NULL,
    stored_at timestamptz NOT NULL
);

CREATE INDEX records_consents_intake ON records_consents (intake_id, id);

REVOKE ALL ON records_intakes, records_answers, records_flags, records_scores, records_consents
    FROM PUBLIC;

-- The order of the clinic's day: a stage only ever moves forward.
CREATE FUNCTION stage_order(p_stage text) RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$
    SELECT array_position(
        ARRAY['checking_in', 'checklist_done', 'consent_signed', 'in_chair', 'discharged'],
        p_stage)
$$;

-- Apply one stored step to the records (runs inside the step's own transaction).
CREATE FUNCTION apply_step(p_device text, p_intake uuid, c jsonb) RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    v_kind text := c->>'kind';
    v_at timestamptz := (c->>'at')::timestamptz;
    v_intake bigint;
    v_clinic text;
    v_stage text;
    v_alert boolean := false;
    v_day date;
BEGIN
    SELECT d.clinic INTO v_clinic FROM devices d WHERE d.name = p_device;
    INSERT INTO records_intakes (uuid, device, clinic, created_at, updated_at)
    VALUES (p_intake, p_device, v_clinic, v_at, v_at)
    ON CONFLICT (uuid) DO NOTHING;
    SELECT r.id INTO v_intake FROM records_intakes r WHERE r.uuid = p_intake;

    IF v_kind = 'check_in' THEN
        UPDATE records_intakes SET
            day = (c->>'day')::date,
            first_name = c->>'first_name',
            last_name = c->>'last_name',
            birth_date = (c->>'birth_date')::date,
            appointment = (c->>'appointment')::uuid,
            verified = (c->>'verified')::boolean,
            language = c->>'language',
            form_versions = c->'form_versions',
            created_at = v_at,
            updated_at = greatest(updated_at, v_at),
            row_version = row_version + 1
        WHERE id = v_intake;
    ELSIF v_kind = 'step' THEN
        DELETE FROM records_answers a
        WHERE a.intake_id = v_intake AND a.form_id = c->>'form'
          AND a.question_id IN (SELECT jsonb_array_elements_text(c->'replaces'));
        INSERT INTO records_answers
            (intake_id, form_id, question_id, value, question_text, answer_text, answered_at)
        SELECT v_intake, x->>'form', x->>'question', x->'value', x->>'question_text',
               x->>'answer_text', v_at
        FROM jsonb_array_elements(c->'answers') AS x
        ON CONFLICT (intake_id, form_id, question_id) DO UPDATE SET
            value = excluded.value, question_text = excluded.question_text,
            answer_text = excluded.answer_text, answered_at = excluded.answered_at;
        INSERT INTO records_flags (intake_id, code, level, source, reason, alert, raised_at)
        SELECT v_intake, f->>'code', f->>'level', f->>'source', f->'reason',
               (f->>'alert')::boolean, v_at
        FROM jsonb_array_elements(c->'flags') AS f
        ON CONFLICT (intake_id, code) DO NOTHING;
        SELECT coalesce(bool_or((f->>'alert')::boolean), false) INTO v_alert
        FROM jsonb_array_elements(c->'flags') AS f;
        IF jsonb_typeof(c->'score') = 'object' THEN
            INSERT INTO records_scores (intake_id, instrument, total, severity, scored_at)
            VALUES (v_intake, c->'score'->>'instrument', (c->'score'->>'total')::integer,
                    c->'score'->>'severity', v_at)
            ON CONFLICT (intake_id, instrument) DO UPDATE SET
                total = excluded.total, severity = excluded.severity,
                scored_at = excluded.scored_at;
        END IF;
        v_stage := c->>'stage';
        UPDATE records_intakes SET
            stage = CASE WHEN v_stage IS NOT NULL AND stage_order(v_stage) > stage_order(stage)
                         THEN v_stage ELSE stage END,
            updated_at = greatest(updated_at, v_at),
            row_version = row_version + 1
        WHERE id = v_intake;
    ELSIF v_kind = 'consent' THEN
        INSERT INTO records_consents (intake_id, version, language, text_sha256, printed_name,
            meaning, signed_at, pdf, pdf_sha256, agreed_sections, stored_at)
        VALUES (v_intake, (c->>'version')::integer, c->>'language', c->>'text_sha256',
            c->>'printed_name', c->>'meaning', (c->>'signed_at')::timestamptz,
            decode(c->>'pdf', 'base64'), c->>'pdf_sha256', c->'agreed_sections', v_at);
        UPDATE records_intakes SET
            stage = CASE WHEN stage_order(stage) < stage_order('consent_signed')
                         THEN 'consent_signed' ELSE stage END,
            completed_at = v_at,
            updated_at = greatest(updated_at, v_at),
            row_version = row_version + 1
        WHERE id = v_intake;
    END IF;

    SELECT r.day INTO v_day FROM records_intakes r WHERE r.id = v_intake;
    PERFORM pg_notify('clinic_board', json_build_object(
        'clinic', v_clinic, 'intake', v_intake, 'day', v_day, 'alert', v_alert)::text);
END
$$;

-- A step the records cannot take (content of a shape apply_step does not know) is still
-- stored: the steps are the record; the problem is kept here for an admin (server status).
CREATE TABLE records_problems (
    step uuid PRIMARY KEY REFERENCES steps (uuid),
    problem text NOT NULL,
    noted_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON records_problems FROM PUBLIC;

CREATE FUNCTION steps_applied() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    BEGIN
        PERFORM apply_step(NEW.device, NEW.intake, NEW.content);
    EXCEPTION WHEN OTHERS THEN
        INSERT INTO records_problems (step, problem) VALUES (NEW.uuid, SQLSTATE || ' ' || SQLERRM)
        ON CONFLICT (step) DO UPDATE SET problem = excluded.problem, noted_at = now();
    END;
    RETURN NULL;
END
$$;

-- Steps stored before this version, applied once now in the order they were received.
DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT * FROM steps ORDER BY received_at, device, sequence LOOP
        BEGIN
            PERFORM apply_step(s.device, s.intake, s.content);
        EXCEPTION WHEN OTHERS THEN
            INSERT INTO records_problems (step, problem) VALUES (s.uuid, SQLSTATE || ' ' || SQLERRM);
        END;
    END LOOP;
END
$$;

CREATE TRIGGER steps_apply AFTER INSERT ON steps
    FOR EACH ROW EXECUTE FUNCTION steps_applied();
