-- Whose staff account a witness signed in with (the accessibility issue): 'kiosk' (the kiosk's
-- own staff, as every witness before) or 'server' (this server's staff: a kiosk with a station
-- credential signs the witness in here). The two count their ids apart, so a witness_staff_id
-- means nothing without it. A step with no "accounts" in its witness (an older kiosk) is 'kiosk'.

ALTER TABLE records_consents
    ADD COLUMN witness_accounts text NOT NULL DEFAULT 'kiosk'
        CHECK (witness_accounts IN ('kiosk', 'server'));

-- apply_step as in 0008, the consent branch also taking the witness's accounts.
CREATE OR REPLACE FUNCTION apply_step(p_device text, p_intake uuid, c jsonb) RETURNS void
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
            meaning, signed_at, pdf, pdf_sha256, agreed_sections, stored_at,
            signature_method, typed_name, witness_staff_id, witness_name, witness_accounts)
        VALUES (v_intake, (c->>'version')::integer, c->>'language', c->>'text_sha256',
            c->>'printed_name', c->>'meaning', (c->>'signed_at')::timestamptz,
            decode(c->>'pdf', 'base64'), c->>'pdf_sha256', c->'agreed_sections', v_at,
            coalesce(c->>'signature_method', 'drawn'), coalesce(c->>'typed_name', ''),
            (c->'witness'->>'staff_id')::bigint, coalesce(c->'witness'->>'name', ''),
            coalesce(c->'witness'->>'accounts', 'kiosk'));
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
