-- Kiosks hand in batches, say hello (their clock and step format are recorded), read the day's
-- appointments through a function of their own; admins see each device's sequence gaps.

ALTER TABLE devices
    ADD COLUMN kiosk_uuid uuid,
    ADD COLUMN kiosk_format integer,
    ADD COLUMN clock_skew interval,
    ADD COLUMN last_seen timestamptz;

-- The step formats this server understands; a kiosk sending a newer one is refused (its outbox
-- waits until the server is upgraded), an older one is accepted and recorded as it came.
CREATE FUNCTION newest_step_format() RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$ SELECT 1 $$;

CREATE TABLE appointments (
    uuid uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    day date NOT NULL,
    time text NOT NULL DEFAULT '',
    first_name text NOT NULL,
    last_name text NOT NULL,
    birth_date date NOT NULL,
    name_key text NOT NULL,
    note text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (day, name_key, birth_date)
);

REVOKE ALL ON appointments FROM PUBLIC;

-- The calling kiosk's device, checked: enrolled, not revoked, a step format this server reads.
-- Records what the kiosk said of itself (its database UUID, its format, its clock).
CREATE FUNCTION kiosk_checked_in(p_kiosk_time timestamptz, p_format integer, p_kiosk uuid)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_device text;
BEGIN
    SELECT d.name INTO v_device
    FROM public.devices d
    WHERE d.login_role = session_user AND d.revoked_at IS NULL;
    IF v_device IS NULL THEN
        RAISE EXCEPTION 'not an enrolled device' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_format IS NULL OR p_format < 1 OR p_format > public.newest_step_format() THEN
        RAISE EXCEPTION 'the kiosk sends step format %, this server reads 1 to %: upgrade the server',
            p_format, public.newest_step_format()
            USING ERRCODE = 'feature_not_supported';
    END IF;
    UPDATE public.devices
    SET kiosk_uuid = p_kiosk, kiosk_format = p_format,
        clock_skew = p_kiosk_time - clock_timestamp(), last_seen = clock_timestamp()
    WHERE name = v_device;
    RETURN v_device;
END
$$;

REVOKE ALL ON FUNCTION kiosk_checked_in(timestamptz, integer, uuid) FROM PUBLIC;

-- What a kiosk learns when it connects: its device name, how far its clock is from the
-- server's (seconds, kiosk minus server), the highest sequence the server holds from it, and
-- how many of its steps were set aside as conflicts.
CREATE FUNCTION kiosk_hello(p_kiosk_time timestamptz, p_format integer, p_kiosk uuid)
RETURNS TABLE (
    device text, clock_skew_seconds double precision, highest_sequence bigint, conflicts bigint
)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_device text := public.kiosk_checked_in(p_kiosk_time, p_format, p_kiosk);
BEGIN
    RETURN QUERY
    SELECT v_device,
           extract(epoch FROM d.clock_skew)::double precision,
           coalesce((SELECT max(s.sequence) FROM public.steps s WHERE s.device = v_device), 0),
           (SELECT count(*) FROM public.conflicts c WHERE c.device = v_device)
    FROM public.devices d WHERE d.name = v_device;
END
$$;

-- A batch of steps in one transaction, each answered as submit_step answers it, in order.
CREATE FUNCTION submit_batch(
    p_kiosk_time timestamptz, p_format integer, p_kiosk uuid,
    p_uuids uuid[], p_intakes uuid[], p_sequences bigint[], p_contents text[], p_hashes text[]
) RETURNS TABLE (step uuid, answer text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_count integer := coalesce(cardinality(p_uuids), 0);
BEGIN
    PERFORM public.kiosk_checked_in(p_kiosk_time, p_format, p_kiosk);
    IF coalesce(cardinality(p_intakes), 0) <> v_count
        OR coalesce(cardinality(p_sequences), 0) <> v_count
        OR coalesce(cardinality(p_contents), 0) <> v_count
        OR coalesce(cardinality(p_hashes), 0) <> v_count THEN
        RAISE EXCEPTION 'a batch has as many intakes, sequences, contents and hashes as steps'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 1 .. v_count LOOP
        step := p_uuids[i];
        answer := public.submit_step(p_uuids[i], p_intakes[i], p_sequences[i], p_contents[i], p_hashes[i]);
        RETURN NEXT;
    END LOOP;
END
$$;

-- The day's appointments, only what matching a patient to one needs (no names, no notes).
CREATE FUNCTION appointments_for_day(p_day date)
RETURNS TABLE (uuid uuid, day date, slot text, name_key text, birth_date date)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (
        SELECT FROM public.devices d WHERE d.login_role = session_user AND d.revoked_at IS NULL
    ) THEN
        RAISE EXCEPTION 'not an enrolled device' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT a.uuid, a.day, a.time, a.name_key, a.birth_date
    FROM public.appointments a WHERE a.day = p_day ORDER BY a.time, a.uuid;
END
$$;

-- Sequence numbers below a device's highest that the server does not hold (admins only):
-- steps still on their way (an urgent intake is sent ahead), or lost.
CREATE VIEW sequence_gaps AS
SELECT d.name AS device, g.sequence
FROM devices d
CROSS JOIN LATERAL generate_series(
    1::bigint, (SELECT coalesce(max(s.sequence), 0) FROM steps s WHERE s.device = d.name)
) AS g (sequence)
WHERE NOT EXISTS (SELECT FROM steps s WHERE s.device = d.name AND s.sequence = g.sequence);

REVOKE ALL ON sequence_gaps FROM PUBLIC;

REVOKE ALL ON FUNCTION kiosk_hello(timestamptz, integer, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION submit_batch(timestamptz, integer, uuid, uuid[], uuid[], bigint[], text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION appointments_for_day(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_hello(timestamptz, integer, uuid) TO kiosk_device;
GRANT EXECUTE ON FUNCTION submit_batch(timestamptz, integer, uuid, uuid[], uuid[], bigint[], text[], text[]) TO kiosk_device;
GRANT EXECUTE ON FUNCTION appointments_for_day(date) TO kiosk_device;
