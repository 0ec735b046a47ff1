-- Admins of the clinic server: staff changed through one function that never leaves the clinic
-- without an active admin, a conflict's records made again through a function of its own, and
-- the kiosk_admin group role whose logins (python -m kiosk server admin-login NAME) do the
-- admin pages' acts and nothing else: never a PIN hash, never a device, never the schema.

-- A kiosk enrolled as "admin" would have had a login of this very name: never take it over.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_admin') THEN
        CREATE ROLE kiosk_admin NOLOGIN;
    ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiosk_admin' AND rolcanlogin)
          OR EXISTS (SELECT FROM devices WHERE login_role = 'kiosk_admin') THEN
        RAISE EXCEPTION 'the role kiosk_admin is a kiosk''s login here: revoke and rename that'
            ' kiosk before upgrading';
    END IF;
END
$$;

-- One change to one member, the member's row locked to COMMIT: p_active, p_role, p_pin_hash
-- each NULL when unchanged; a new PIN or p_unlock clears the wrong-PIN count and the lock.
-- Admin changes are made one at a time (an advisory lock), so two admins disabling each other
-- at once cannot leave the clinic with none: the last active admin is refused (SQLSTATE KS423,
-- the member's name in DETAIL). An unknown member: no_data_found.
CREATE FUNCTION staff_change(
    p_staff bigint, p_active boolean, p_role text, p_pin_hash text, p_unlock boolean
) RETURNS TABLE (id bigint, name text, role text, active boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_staff public.staff%ROWTYPE;
    v_admins integer;
    v_fresh boolean := p_pin_hash IS NOT NULL OR coalesce(p_unlock, false);
BEGIN
    PERFORM pg_advisory_xact_lock(7305688291005);  -- staff changes, one at a time
    SELECT * INTO v_staff FROM public.staff s WHERE s.id = p_staff FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no staff member %', p_staff USING ERRCODE = 'no_data_found';
    END IF;
    IF v_staff.role = 'admin' AND v_staff.active
       AND (NOT coalesce(p_active, true) OR coalesce(p_role, 'admin') <> 'admin') THEN
        SELECT count(*) INTO v_admins FROM public.staff s WHERE s.role = 'admin' AND s.active;
        IF v_admins <= 1 THEN
            RAISE EXCEPTION 'the last active admin' USING ERRCODE = 'KS423',
                DETAIL = v_staff.name;
        END IF;
    END IF;
    RETURN QUERY
    UPDATE public.staff s SET
        active = coalesce(p_active, s.active),
        role = coalesce(p_role, s.role),
        pin_hash = coalesce(p_pin_hash, s.pin_hash),
        failed_attempts = CASE WHEN v_fresh THEN 0 ELSE s.failed_attempts END,
        locked_until = CASE WHEN v_fresh THEN NULL ELSE s.locked_until END,
        updated_at = clock_timestamp(),
        row_version = s.row_version + 1
    WHERE s.id = p_staff
    RETURNING s.id, s.name, s.role, s.active;
END
$$;

-- The records of a conflict's intake made again, once its kiosk's content was taken.
CREATE FUNCTION conflict_rebuild(p_conflict bigint) RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_intake uuid;
BEGIN
    SELECT c.intake INTO v_intake FROM public.conflicts c
    WHERE c.id = p_conflict AND c.resolution = 'took kiosk';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'conflict % did not take the kiosk''s content', p_conflict
            USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM public.rebuild_records(v_intake);
END
$$;

REVOKE ALL ON FUNCTION staff_change(bigint, boolean, text, text, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION conflict_rebuild(bigint) FROM PUBLIC;

-- What an admin login may do: manage staff (add; every other change through staff_change),
-- read the lock of each member (never the PIN hash), book and change appointments, list and
-- resolve conflicts, read the audit log and append to it through record_audit.
GRANT SELECT (id, name, role, active, failed_attempts, locked_until) ON staff TO kiosk_admin;
GRANT INSERT (name, role, pin_hash) ON staff TO kiosk_admin;
GRANT EXECUTE ON FUNCTION staff_change(bigint, boolean, text, text, boolean) TO kiosk_admin;
GRANT SELECT, INSERT, UPDATE ON appointments TO kiosk_admin;
GRANT SELECT ON conflicts TO kiosk_admin;
GRANT UPDATE (resolution, resolved_by, resolved_at, replaced_content, replaced_sha256)
    ON conflicts TO kiosk_admin;
GRANT SELECT (uuid, intake, device, content, sha256), UPDATE (content, sha256)
    ON steps TO kiosk_admin;
GRANT EXECUTE ON FUNCTION conflict_rebuild(bigint) TO kiosk_admin;
GRANT SELECT ON audit TO kiosk_admin;
GRANT EXECUTE ON FUNCTION record_audit(text, text, text, jsonb) TO kiosk_admin;
