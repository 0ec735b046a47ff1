-- The first schema of the clinic server: enrolled devices (kiosks), the intakes and steps they
-- hand in, the conflicts set aside, and the one function a kiosk's login may call.
-- Applied in one transaction by kiosk.server.schema; never edit a shipped migration, add one.

CREATE TABLE devices (
    name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    login_role text NOT NULL UNIQUE,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE TABLE intakes (
    uuid uuid PRIMARY KEY,
    device text NOT NULL REFERENCES devices (name),
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE steps (
    uuid uuid PRIMARY KEY,
    intake uuid NOT NULL REFERENCES intakes (uuid),
    device text NOT NULL REFERENCES devices (name),
    sequence bigint NOT NULL CHECK (sequence > 0),
    content jsonb NOT NULL,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device, sequence)
);

-- Content that came under a UUID (or a device sequence) already taken by other content:
-- kept for an admin, never written over the step.
CREATE TABLE conflicts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    step_uuid uuid NOT NULL,
    intake uuid NOT NULL,
    device text NOT NULL REFERENCES devices (name),
    sequence bigint NOT NULL,
    content jsonb NOT NULL,
    sha256 text NOT NULL,
    reason text NOT NULL CHECK (reason IN ('other content', 'sequence taken')),
    received_at timestamptz NOT NULL DEFAULT now()
);

-- Roles are cluster-wide: the group may exist already (another clinic database, a re-init).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_device') THEN
        CREATE ROLE kiosk_device NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON devices, intakes, steps, conflicts FROM PUBLIC;

-- One step from the calling kiosk (its login is session_user). content is the step's JSON text
-- exactly as hashed on the kiosk; sha256 its lower-case hex SHA-256. Answers 'stored',
-- 'duplicate' (same UUID, same hash) or 'conflict' (set aside in conflicts).
CREATE FUNCTION submit_step(
    p_uuid uuid, p_intake uuid, p_sequence bigint, p_content text, p_sha256 text
) RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_device text;
    v_stored text;
    v_inserted uuid;
BEGIN
    SELECT d.name INTO v_device
    FROM public.devices d
    WHERE d.login_role = session_user AND d.revoked_at IS NULL;
    IF v_device IS NULL THEN
        RAISE EXCEPTION 'not an enrolled device' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_sha256 IS NULL OR encode(sha256(convert_to(p_content, 'UTF8')), 'hex') <> p_sha256 THEN
        RAISE EXCEPTION 'the content does not match its SHA-256'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO public.intakes (uuid, device) VALUES (p_intake, v_device)
    ON CONFLICT (uuid) DO NOTHING;
    INSERT INTO public.steps (uuid, intake, device, sequence, content, sha256)
    VALUES (p_uuid, p_intake, v_device, p_sequence, p_content::jsonb, p_sha256)
    ON CONFLICT DO NOTHING
    RETURNING uuid INTO v_inserted;
    IF v_inserted IS NOT NULL THEN
        RETURN 'stored';
    END IF;
    SELECT s.sha256 INTO v_stored FROM public.steps s WHERE s.uuid = p_uuid;
    IF v_stored = p_sha256 THEN
        RETURN 'duplicate';
    END IF;
    INSERT INTO public.conflicts (step_uuid, intake, device, sequence, content, sha256, reason)
    VALUES (
        p_uuid, p_intake, v_device, p_sequence, p_content::jsonb, p_sha256,
        CASE WHEN v_stored IS NULL THEN 'sequence taken' ELSE 'other content' END
    );
    RETURN 'conflict';
END
$$;

REVOKE ALL ON FUNCTION submit_step(uuid, uuid, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION submit_step(uuid, uuid, bigint, text, text) TO kiosk_device;
