-- The server's own audit log of admin acts (enrol, revoke, appointments, conflicts resolved):
-- append-only, each entry chained to the one before by SHA-256, the chain made by the server
-- itself; and conflicts that record who resolved them, how and when.

-- id runs 1, 2, 3... without gaps (a rolled-back act takes no number); detail is JSON.
-- hash = SHA-256 of the JSON array [previous_hash, at, actor, action, subject, detail] as
-- kiosk.core.audit.entry_hash writes it, with at as 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC) and
-- detail as detail::text; the first entry follows 64 zeros.
CREATE TABLE audit (
    id bigint PRIMARY KEY CHECK (id > 0),
    at timestamptz NOT NULL,
    actor text NOT NULL CHECK (actor <> ''),
    action text NOT NULL CHECK (action ~ '^[a-z][a-z_]*$'),
    subject text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
    previous_hash text NOT NULL UNIQUE CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
    hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);

CREATE INDEX audit_at ON audit (at);

REVOKE ALL ON audit FROM PUBLIC;
REVOKE ALL ON audit FROM kiosk_device;

-- Every INSERT is chained here, whatever it said: the server takes the next id, the time, the
-- login that wrote it (into detail) and the hashes, one writer at a time (an advisory lock held
-- to COMMIT), so no client picks its own place, time or hash in the chain.
CREATE FUNCTION audit_chained() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
    v_previous text;
BEGIN
    PERFORM pg_advisory_xact_lock(7305688291004);  -- the audit chain's head, till COMMIT
    SELECT a.id, a.hash INTO v_id, v_previous FROM public.audit a ORDER BY a.id DESC LIMIT 1;
    NEW.id := coalesce(v_id, 0) + 1;
    NEW.previous_hash := coalesce(v_previous, repeat('0', 64));
    NEW.at := date_trunc('microseconds', clock_timestamp());
    NEW.subject := coalesce(NEW.subject, '');
    NEW.detail := coalesce(NEW.detail, '{}'::jsonb) || jsonb_build_object('login', session_user::text);
    NEW.hash := encode(sha256(convert_to(json_build_array(
        NEW.previous_hash,
        to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        NEW.actor, NEW.action, NEW.subject, NEW.detail::text
    )::text, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;

CREATE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_chain BEFORE INSERT ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_chained();
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- One entry, in the caller's transaction: an act and its entry commit together or not at all.
-- An empty actor is the login itself. Answers the entry's id.
CREATE FUNCTION record_audit(p_actor text, p_action text, p_subject text, p_detail jsonb)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO public.audit (id, at, actor, action, subject, detail, previous_hash, hash)
    VALUES (0, now(), coalesce(nullif(p_actor, ''), session_user::text), p_action,
            coalesce(p_subject, ''), coalesce(p_detail, '{}'::jsonb), '', '')
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

REVOKE ALL ON FUNCTION record_audit(text, text, text, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_chained() FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_append_only() FROM PUBLIC;

-- A conflict is resolved once, by someone, at a time: the server's content kept, or the kiosk's
-- content taken (the content it replaced is kept here, never lost).
ALTER TABLE conflicts
    ADD COLUMN resolution text CHECK (resolution IN ('kept server', 'took kiosk')),
    ADD COLUMN resolved_by text,
    ADD COLUMN resolved_at timestamptz,
    ADD COLUMN replaced_content jsonb,
    ADD COLUMN replaced_sha256 text,
    ADD CONSTRAINT conflicts_resolved_whole CHECK (
        (resolution IS NULL) = (resolved_by IS NULL)
        AND (resolution IS NULL) = (resolved_at IS NULL)
        AND coalesce(resolution = 'took kiosk', false) = (replaced_content IS NOT NULL)
    );

CREATE INDEX conflicts_open ON conflicts (id) WHERE resolution IS NULL;

-- The records of one intake made again from its steps, in the order received (after a step's
-- content was replaced): answers, flags, scores and consents are cleared and re-applied; the
-- intake keeps its record id, a stage the staff moved it to (a stage only moves forward) and
-- the acknowledgements of flags that are still raised; its row_version moves on.
CREATE FUNCTION rebuild_records(p_intake uuid) RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    v_old records_intakes%ROWTYPE;
    v_acks jsonb;
    s record;
BEGIN
    SELECT * INTO v_old FROM records_intakes r WHERE r.uuid = p_intake FOR UPDATE;
    IF FOUND THEN
        SELECT coalesce(jsonb_object_agg(f.code, jsonb_build_object(
                   'by', f.acknowledged_by, 'at', f.acknowledged_at)), '{}')
        INTO v_acks
        FROM records_flags f WHERE f.intake_id = v_old.id AND f.acknowledged_at IS NOT NULL;
        DELETE FROM records_answers WHERE intake_id = v_old.id;
        DELETE FROM records_flags WHERE intake_id = v_old.id;
        DELETE FROM records_scores WHERE intake_id = v_old.id;
        DELETE FROM records_consents WHERE intake_id = v_old.id;
        UPDATE records_intakes SET
            day = NULL, first_name = '', last_name = '', birth_date = NULL, appointment = NULL,
            verified = false, language = 'en', stage = 'checking_in', form_versions = '{}',
            created_at = NULL, updated_at = NULL, completed_at = NULL
        WHERE id = v_old.id;
    END IF;
    FOR s IN
        SELECT st.device, st.content FROM steps st WHERE st.intake = p_intake
        ORDER BY st.received_at, st.device, st.sequence
    LOOP
        PERFORM apply_step(s.device, p_intake, s.content);
    END LOOP;
    IF v_old.id IS NOT NULL THEN
        UPDATE records_flags f SET
            acknowledged_by = v_acks->f.code->>'by',
            acknowledged_at = (v_acks->f.code->>'at')::timestamptz
        WHERE f.intake_id = v_old.id AND v_acks ? f.code;
        UPDATE records_intakes SET
            stage = CASE WHEN stage_order(v_old.stage) > stage_order(stage)
                         THEN v_old.stage ELSE stage END,
            created_at = coalesce(created_at, v_old.created_at),
            updated_at = greatest(updated_at, v_old.updated_at),
            row_version = v_old.row_version + 1
        WHERE id = v_old.id;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION rebuild_records(uuid) FROM PUBLIC;
