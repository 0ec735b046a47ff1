-- Several clinics: every row a kiosk hands in (its intakes, steps, conflicts) and every
-- appointment carries the clinic it belongs to. A row's clinic is its device's, filled in by
-- the server on INSERT (no kiosk chooses it); rows stored before this version are backfilled
-- from their devices. The day's appointments a kiosk reads are its own clinic's.
-- The records a group's reporting database replicates (steps, intakes, records_intakes) are
-- keyed by UUID, unique across every clinic, so their changes are published under it.
-- The audit log is left as it is: it is the server's own chain of admin acts, its hash covers
-- fixed fields, and an enrolment's entry names the device's clinic in its detail.

ALTER TABLE intakes ADD COLUMN clinic text;
ALTER TABLE steps ADD COLUMN clinic text;
ALTER TABLE conflicts ADD COLUMN clinic text;

UPDATE intakes i SET clinic = d.clinic FROM devices d WHERE d.name = i.device;
UPDATE steps s SET clinic = d.clinic FROM devices d WHERE d.name = s.device;
UPDATE conflicts c SET clinic = d.clinic FROM devices d WHERE d.name = c.device;

ALTER TABLE intakes ALTER COLUMN clinic SET NOT NULL;
ALTER TABLE steps ALTER COLUMN clinic SET NOT NULL;
ALTER TABLE conflicts ALTER COLUMN clinic SET NOT NULL;

-- The device's clinic, always: a row names the clinic of the kiosk that sent it.
CREATE FUNCTION clinic_of_device() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    SELECT d.clinic INTO NEW.clinic FROM devices d WHERE d.name = NEW.device;
    IF NEW.clinic IS NULL THEN
        RAISE EXCEPTION 'no such device: %', NEW.device USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION clinic_of_device() FROM PUBLIC;

CREATE TRIGGER intakes_clinic BEFORE INSERT ON intakes
    FOR EACH ROW EXECUTE FUNCTION clinic_of_device();
CREATE TRIGGER steps_clinic BEFORE INSERT ON steps
    FOR EACH ROW EXECUTE FUNCTION clinic_of_device();
CREATE TRIGGER conflicts_clinic BEFORE INSERT ON conflicts
    FOR EACH ROW EXECUTE FUNCTION clinic_of_device();

-- A device keeps its clinic once it has handed anything in: its rows would name two clinics.
CREATE FUNCTION device_clinic_kept() RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
    IF NEW.clinic IS DISTINCT FROM OLD.clinic
        AND EXISTS (SELECT FROM intakes i WHERE i.device = OLD.name) THEN
        RAISE EXCEPTION 'device % has handed in intakes for clinic %: enrol a new device for clinic %',
            OLD.name, OLD.clinic, NEW.clinic USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;

REVOKE ALL ON FUNCTION device_clinic_kept() FROM PUBLIC;

CREATE TRIGGER devices_clinic_kept BEFORE UPDATE OF clinic ON devices
    FOR EACH ROW EXECUTE FUNCTION device_clinic_kept();

CREATE INDEX devices_clinic ON devices (clinic, name);
CREATE INDEX intakes_clinic_received ON intakes (clinic, received_at);
CREATE INDEX steps_clinic_received ON steps (clinic, received_at);
CREATE INDEX conflicts_clinic_id ON conflicts (clinic, id);

-- Appointments are booked for one clinic (before this version: 'main', the only one).
ALTER TABLE appointments ADD COLUMN clinic text NOT NULL DEFAULT 'main'
    CHECK (clinic ~ '^[a-z][a-z0-9_]{0,39}$');
ALTER TABLE appointments DROP CONSTRAINT appointments_day_name_key_birth_date_key;
ALTER TABLE appointments ADD CONSTRAINT appointments_clinic_day_name_birth
    UNIQUE (clinic, day, name_key, birth_date);

-- The clinic of the calling kiosk (its login is session_user); NULL for anyone else.
CREATE FUNCTION device_clinic() RETURNS text
LANGUAGE sql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT d.clinic FROM public.devices d
    WHERE d.login_role = session_user AND d.revoked_at IS NULL
$$;

REVOKE ALL ON FUNCTION device_clinic() FROM PUBLIC;

-- What a kiosk asks to learn which clinic the server enrolled it in (a kiosk moved to another
-- clinic by mistake is told so before it sends anything).
CREATE FUNCTION kiosk_clinic() RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_clinic text := public.device_clinic();
BEGIN
    IF v_clinic IS NULL THEN
        RAISE EXCEPTION 'not an enrolled device' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN v_clinic;
END
$$;

REVOKE ALL ON FUNCTION kiosk_clinic() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_clinic() TO kiosk_device;

-- The day's appointments of the calling kiosk's clinic, only what matching a patient needs.
CREATE OR REPLACE FUNCTION appointments_for_day(p_day date)
RETURNS TABLE (uuid uuid, day date, slot text, name_key text, birth_date date)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_clinic text := public.device_clinic();
BEGIN
    IF v_clinic IS NULL THEN
        RAISE EXCEPTION 'not an enrolled device' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY
    SELECT a.uuid, a.day, a.time, a.name_key, a.birth_date
    FROM public.appointments a WHERE a.clinic = v_clinic AND a.day = p_day
    ORDER BY a.time, a.uuid;
END
$$;

-- Logical replication publishes an UPDATE under the row's replica identity: records_intakes
-- under its UUID (its id is this server's own number, which another clinic's server also uses).
ALTER TABLE records_intakes REPLICA IDENTITY USING INDEX records_intakes_uuid_key;
