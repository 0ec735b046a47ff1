<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AdminView</name>
    <message>
        <location filename="../../kiosk/ui/admin/view.py" line="42"/>
        <source>Back to the board</source>
        <translation>Volver al tablero</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/view.py" line="36"/>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/view.py" line="37"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/view.py" line="38"/>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/view.py" line="39"/>
        <source>Consent versions</source>
        <translation>Versiones del consentimiento</translation>
    </message>
</context>
<context>
    <name>AftercareDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="48"/>
        <source>Aftercare sheet</source>
        <translation>Hoja de cuidados posteriores</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="57"/>
        <source>Preparing the aftercare sheet…</source>
        <translation>Preparando la hoja de cuidados posteriores…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="61"/>
        <source>Print</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="64"/>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="72"/>
        <source>Aftercare sheet preview</source>
        <translation>Vista previa de la hoja de cuidados posteriores</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="105"/>
        <source>The aftercare sheet could not be shown. Tell the clinic&apos;s admin.</source>
        <translation>No se pudo mostrar la hoja de cuidados posteriores. Avise al administrador de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="122"/>
        <source>Sending to the printer…</source>
        <translation>Enviando a la impresora…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="149"/>
        <source>The aftercare sheet could not be printed. Tell the clinic&apos;s admin.</source>
        <translation>No se pudo imprimir la hoja de cuidados posteriores. Avise al administrador de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="159"/>
        <source>⚠ Not printed, and the sheet could not be saved either: %1 Tell the clinic&apos;s admin.</source>
        <translation>⚠ No se imprimió, y tampoco se pudo guardar la hoja: %1 Avise al administrador de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="178"/>
        <source>This print could not be recorded: %1</source>
        <translation>No se pudo registrar esta impresión: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="185"/>
        <source>Sent to the printer %1 (job %2). Touch Print again for another copy.</source>
        <translation>Se envió a la impresora %1 (trabajo %2). Toque Imprimir de nuevo para otra copia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="196"/>
        <source>⚠ Not printed: %1 The sheet was saved to %2. Print it from there, or check the printer and touch Print again.</source>
        <translation>⚠ No se imprimió: %1 La hoja se guardó en %2. Imprímala desde allí, o revise la impresora y toque Imprimir de nuevo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/aftercare_view.py" line="223"/>
        <source>Print again</source>
        <translation>Imprimir de nuevo</translation>
    </message>
</context>
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="87"/>
        <source>▲ ALERT: %1 — %2</source>
        <translation>▲ ALERTA: %1 — %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="90"/>
        <source>Alert: %1, %2</source>
        <translation>Alerta: %1, %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="93"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="95"/>
        <source>Open %1</source>
        <translation>Abrir %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="98"/>
        <source>Acknowledge</source>
        <translation>Enterado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="99"/>
        <source>Acknowledge alert for %1</source>
        <translation>Enterado: alerta de %1</translation>
    </message>
</context>
<context>
    <name>AppointmentDialog</name>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="62"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="75"/>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="64"/>
        <source>Date (YYYY-MM-DD)</source>
        <translation>Fecha (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="65"/>
        <source>Time (HH:MM)</source>
        <translation>Hora (HH:MM)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="66"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="67"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="68"/>
        <source>Date of birth (YYYY-MM-DD)</source>
        <translation>Fecha de nacimiento (AAAA-MM-DD)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="69"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="75"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="75"/>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
</context>
<context>
    <name>AppointmentsPage</name>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="39"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="40"/>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="41"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="42"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="43"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="44"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="46"/>
        <source>Today&apos;s and upcoming appointments</source>
        <translation>Citas de hoy y próximas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="48"/>
        <source>Add appointment</source>
        <translation>Agregar cita</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="50"/>
        <source>Edit</source>
        <translation>Editar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="53"/>
        <source>CSV file to import</source>
        <translation>Archivo CSV para importar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="54"/>
        <source>Path of a CSV file</source>
        <translation>Ruta de un archivo CSV</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="55"/>
        <source>Import CSV</source>
        <translation>Importar CSV</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="66"/>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="103"/>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="126"/>
        <source>Appointment saved.</source>
        <translation>Se guardó la cita.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="111"/>
        <source>Select an appointment first.</source>
        <translation>Primero seleccione una cita.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="134"/>
        <source>Type the path of a CSV file first.</source>
        <translation>Primero escriba la ruta de un archivo CSV.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="139"/>
        <source>Nothing imported: %1</source>
        <translation>No se importó nada: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/appointments_page.py" line="141"/>
        <source>%1 appointments imported.</source>
        <translation>Citas importadas: %1.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="27"/>
        <source>Day (YYYY-MM-DD, UTC)</source>
        <translation>Día (AAAA-MM-DD, UTC)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="28"/>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="29"/>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="33"/>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="30"/>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="33"/>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="33"/>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="33"/>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="34"/>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="41"/>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/audit_page.py" line="73"/>
        <source>● %1 — discharged before ready: %2</source>
        <translation>● %1 — alta antes de estar listo: %2</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="184"/>
        <source>Today&apos;s patients</source>
        <translation>Pacientes de hoy</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="152"/>
        <source>Arrived</source>
        <translation>Llegada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="152"/>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="152"/>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="152"/>
        <source>Flags</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="163"/>
        <source>No patients have checked in today yet.</source>
        <translation>Todavía no se ha registrado ningún paciente hoy.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="226"/>
        <source>The board cannot be read.</source>
        <translation>No se puede leer el tablero.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../kiosk/ui/staff/board.py" line="296"/>
        <source>Today, %1: %n patient(s)</source>
        <translation>
            <numerusform>Hoy, %1: %n paciente</numerusform>
            <numerusform>Hoy, %1: %n pacientes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="343"/>
        <source>⚠ unverified</source>
        <translation>⚠ sin verificar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="344"/>
        <source>%1, unverified</source>
        <translation>%1, sin verificar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="352"/>
        <source>acknowledged</source>
        <translation>enterado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/board.py" line="370"/>
        <source>No flags</source>
        <translation>Sin indicadores</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="33"/>
        <source>Kiosk</source>
        <translation>Quiosco</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="33"/>
        <source>Intake</source>
        <translation>Admisión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="33"/>
        <source>Step</source>
        <translation>Paso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="33"/>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="34"/>
        <source>Open conflicts</source>
        <translation>Conflictos abiertos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="39"/>
        <source>Keep the server&apos;s</source>
        <translation>Conservar el del servidor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="41"/>
        <source>Take the kiosk&apos;s</source>
        <translation>Tomar el del quiosco</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="49"/>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="53"/>
        <source>A kiosk sent a step that does not agree with the one the server holds. Keep the server&apos;s step, or take the kiosk&apos;s in its place: the intake&apos;s records are made again, and the content replaced is kept on the server.</source>
        <translation>Un quiosco envió un paso que no coincide con el que tiene el servidor. Conserve el paso del servidor o tome el del quiosco en su lugar: los registros de la admisión se vuelven a generar y el contenido reemplazado se guarda en el servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="67"/>
        <source>check-in</source>
        <translation>registro</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="68"/>
        <source>form step</source>
        <translation>paso de formulario</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="69"/>
        <source>consent</source>
        <translation>consentimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="73"/>
        <source>%1, number %2</source>
        <translation>%1, número %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="75"/>
        <source>%1, number %2 (taken by another step)</source>
        <translation>%1, número %2 (ocupado por otro paso)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="93"/>
        <source>No open conflicts.</source>
        <translation>No hay conflictos abiertos.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="100"/>
        <source>Select a conflict first.</source>
        <translation>Seleccione primero un conflicto.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="107"/>
        <source>The kiosk&apos;s step number was taken by another step: there is no step of its own to replace. Only the server&apos;s can be kept.</source>
        <translation>El número de paso del quiosco lo ocupó otro paso: no hay un paso propio que reemplazar. Solo se puede conservar el del servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="119"/>
        <source>Conflict %1 resolved: the server&apos;s step was kept.</source>
        <translation>Conflicto %1 resuelto: se conservó el paso del servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/conflicts_page.py" line="122"/>
        <source>Conflict %1 resolved: the kiosk&apos;s content was taken and the intake&apos;s records made again.</source>
        <translation>Conflicto %1 resuelto: se tomó el contenido del quiosco y se volvieron a generar los registros de la admisión.</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="25"/>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="25"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="25"/>
        <source>Signed</source>
        <translation>Firmas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="25"/>
        <source>In use</source>
        <translation>En uso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="26"/>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="38"/>
        <source>Consent versions</source>
        <translation>Versiones del consentimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="29"/>
        <source>Consent file to publish</source>
        <translation>Archivo de consentimiento para publicar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="30"/>
        <source>Path of the new version&apos;s TOML file</source>
        <translation>Ruta del archivo TOML de la nueva versión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="31"/>
        <source>Publish</source>
        <translation>Publicar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="51"/>
        <source>Forms in use: %1</source>
        <translation>Formularios en uso: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="55"/>
        <source>current</source>
        <translation>vigente</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="65"/>
        <source>Type the path of the new version&apos;s file first.</source>
        <translation>Primero escriba la ruta del archivo de la nueva versión.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="70"/>
        <source>Not published: %1</source>
        <translation>No se publicó: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/consent_page.py" line="73"/>
        <source>Version %1 is published: the next patient signs it.</source>
        <translation>Se publicó la versión %1: el próximo paciente la firmará.</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="423"/>
        <source>Your copy could not be prepared. Please sign again.</source>
        <translation>No se pudo preparar su copia. Por favor, firme de nuevo.</translation>
    </message>
</context>
<context>
    <name>CorrectTimeDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="91"/>
        <source>Correct the infusion&apos;s time</source>
        <translation>Corregir la hora de la infusión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="94"/>
        <source>not marked</source>
        <translation>sin marcar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="98"/>
        <source>The start (now %1)</source>
        <translation>El inicio (ahora %1)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="104"/>
        <source>The end (now %1)</source>
        <translation>El fin (ahora %1)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="110"/>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="135"/>
        <source>Which time</source>
        <translation>Qué hora</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="121"/>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="136"/>
        <source>The new time</source>
        <translation>La nueva hora</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="124"/>
        <source>Why the time is corrected (at least 10 characters)</source>
        <translation>Por qué se corrige la hora (al menos 10 caracteres)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="125"/>
        <source>For example: marked late, the pump log says 10:05</source>
        <translation>Por ejemplo: marcada tarde, el registro de la bomba dice 10:05</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="137"/>
        <source>Why</source>
        <translation>Por qué</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="143"/>
        <source>The old time, the new one, why and who are kept in the record.</source>
        <translation>La hora anterior, la nueva, el motivo y quién la corrigió quedan en el registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="149"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="149"/>
        <source>Save the correction</source>
        <translation>Guardar la corrección</translation>
    </message>
</context>
<context>
    <name>CrisisScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="25"/>
        <source>Thank you for telling us.</source>
        <translation>Gracias por contárnoslo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="30"/>
        <source>A nurse will come to talk with you soon. You are not alone, and we are here to help.</source>
        <translation>Una enfermera vendrá pronto a hablar con usted. No tiene que pasar por esto a solas: estamos aquí para ayudarle.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="39"/>
        <source>If you ever need to talk to someone right away, you can call or text %1, day or night. It is free and private.</source>
        <translation>Si alguna vez necesita hablar con alguien de inmediato, puede llamar o enviar un mensaje de texto al %1, de día o de noche. Es gratis y confidencial.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="50"/>
        <source>If you are in danger right now, tell the front desk or call %1.</source>
        <translation>Si está en peligro en este momento, avise en la recepción o llame al %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="57"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>DateOfBirthInput</name>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="31"/>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="31"/>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="31"/>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="33"/>
        <source>Date of birth: month</source>
        <translation>Fecha de nacimiento: mes</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="34"/>
        <source>Date of birth: day</source>
        <translation>Fecha de nacimiento: día</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="35"/>
        <source>Date of birth: year</source>
        <translation>Fecha de nacimiento: año</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="37"/>
        <source>MM</source>
        <translation>MM</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="37"/>
        <source>DD</source>
        <translation>DD</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="37"/>
        <source>YYYY</source>
        <translation>AAAA</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="147"/>
        <source>That date does not exist.</source>
        <translation>Esa fecha no existe. Por favor, revísela.</translation>
    </message>
</context>
<context>
    <name>DischargeDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="142"/>
        <source>Discharge</source>
        <translation>Alta</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="144"/>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="151"/>
        <source>Driver&apos;s name</source>
        <translation>Nombre del conductor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="146"/>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="152"/>
        <source>Driver&apos;s phone</source>
        <translation>Teléfono del conductor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="148"/>
        <source>The driver is here, and is an adult (18 or older)</source>
        <translation>El conductor está aquí y es adulto (18 años o más)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="158"/>
        <source>Who is driving the patient home?</source>
        <translation>¿Quién llevará al paciente a casa?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="162"/>
        <source>Discharge now</source>
        <translation>Dar de alta ahora</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="162"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="25"/>
        <source>You are already checked in.</source>
        <translation>Usted ya completó su registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="27"/>
        <source>Thank you! You are all checked in.</source>
        <translation>¡Gracias! Su registro está completo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="30"/>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="35"/>
        <source>Please take a seat. A nurse will call you soon.</source>
        <translation>Por favor, tome asiento. Una enfermera le llamará pronto.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="40"/>
        <source>Finish</source>
        <translation>Terminar</translation>
    </message>
</context>
<context>
    <name>Faults</name>
    <message>
        <location filename="../../kiosk/core/faults.py" line="63"/>
        <source>This kiosk needs help from our staff. Please tell someone at the front desk. They will help you finish checking in.</source>
        <translation>Este quiosco necesita la ayuda de nuestro personal. Por favor, avise a alguien en la recepción. Le ayudarán a terminar su registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="72"/>
        <source>The disk is full: nothing new can be saved. Free space or call support; what was saved before is safe.</source>
        <translation>El disco está lleno: no se puede guardar nada nuevo. Libere espacio o llame a soporte; lo que se guardó antes está a salvo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="82"/>
        <source>The database cannot be written any more (the file or the disk has become read-only): nothing new can be saved. Call support; what was saved before is safe.</source>
        <translation>Ya no se puede escribir en la base de datos (el archivo o el disco pasó a ser de solo lectura): no se puede guardar nada nuevo. Llame a soporte; lo que se guardó antes está a salvo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="93"/>
        <source>The database file is damaged: nothing new can be saved. Note today&apos;s check-ins on paper and restart the kiosk: it offers staff to restore the latest backup. Call support if unsure.</source>
        <translation>El archivo de la base de datos está dañado: no se puede guardar nada nuevo. Anote los registros de hoy en papel y reinicie el quiosco: ofrecerá al personal restaurar la copia de seguridad más reciente. Llame a soporte si tiene dudas.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="103"/>
        <source>This kiosk is busy for a moment. Please tell someone at the front desk. They will help you finish checking in.</source>
        <translation>Este quiosco está ocupado por un momento. Por favor, avise a alguien en la recepción. Le ayudarán a terminar su registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="108"/>
        <source>The database is busy (another program is using it). Try again in a moment; call support if this keeps happening.</source>
        <translation>La base de datos está ocupada (otro programa la está usando). Inténtelo de nuevo en un momento; llame a soporte si esto sigue pasando.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="118"/>
        <source>The database&apos;s encryption key is missing or wrong, so the records cannot be read. Call support; nothing was changed.</source>
        <translation>Falta la clave de cifrado de la base de datos o no es la correcta, así que no se pueden leer los registros. Llame a soporte; no se cambió nada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="128"/>
        <source>The database could not do this. Call support.</source>
        <translation>La base de datos no pudo hacer esto. Llame a soporte.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="160"/>
        <source>The print system (CUPS) is not installed on this computer. The sheet was not printed.</source>
        <translation>El sistema de impresión (CUPS) no está instalado en este equipo. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="164"/>
        <source>The print system (CUPS) is not running. Restart the computer or call support. The sheet was not printed.</source>
        <translation>El sistema de impresión (CUPS) no está funcionando. Reinicie el equipo o llame a soporte. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="169"/>
        <source>No printer is set up on this computer. The sheet was not printed.</source>
        <translation>No hay ninguna impresora configurada en este equipo. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="172"/>
        <source>No printer is chosen as the default on this computer. Choose one in the settings. The sheet was not printed.</source>
        <translation>No hay ninguna impresora elegida como predeterminada en este equipo. Elija una en la configuración. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="177"/>
        <source>The print system did not answer in time. The sheet was not printed.</source>
        <translation>El sistema de impresión no respondió a tiempo. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="180"/>
        <source>The print system did not confirm the sheet for the printer &apos;%1&apos; in time. Check the printer before printing again.</source>
        <translation>El sistema de impresión no confirmó a tiempo la hoja para la impresora &apos;%1&apos;. Revise la impresora antes de volver a imprimir.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="185"/>
        <source>The sheet could not be prepared for the printer &apos;%1&apos; (no room for a temporary file). The sheet was not printed.</source>
        <translation>No se pudo preparar la hoja para la impresora &apos;%1&apos; (no hay espacio para un archivo temporal). La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="190"/>
        <source>The printer &apos;%1&apos; took the sheet but CUPS gave no job number. Check the printer before printing again.</source>
        <translation>La impresora &apos;%1&apos; recibió la hoja, pero CUPS no dio ningún número de trabajo. Revise la impresora antes de volver a imprimir.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="195"/>
        <source>The printer &apos;%1&apos; is not set up on this computer. The sheet was not printed.</source>
        <translation>La impresora &apos;%1&apos; no está configurada en este equipo. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="198"/>
        <source>The printer &apos;%1&apos; is not available (stopped or unplugged). The sheet was not printed.</source>
        <translation>La impresora &apos;%1&apos; no está disponible (detenida o desconectada). La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="202"/>
        <source>The printer &apos;%1&apos; is not accepting sheets right now. The sheet was not printed.</source>
        <translation>La impresora &apos;%1&apos; no está aceptando hojas en este momento. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="205"/>
        <source>The printer &apos;%1&apos; could not take the sheet. The sheet was not printed.</source>
        <translation>La impresora &apos;%1&apos; no pudo recibir la hoja. La hoja no se imprimió.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="208"/>
        <source>The printer &apos;%1&apos; went away before the sheet came out.</source>
        <translation>La impresora &apos;%1&apos; desapareció antes de que saliera la hoja.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="211"/>
        <source>The printer &apos;%1&apos; stopped before the sheet came out (unplugged, switched off or out of paper).</source>
        <translation>La impresora &apos;%1&apos; se detuvo antes de que saliera la hoja (desconectada, apagada o sin papel).</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="216"/>
        <source>The sheet was cancelled at the printer &apos;%1&apos; before it came out.</source>
        <translation>La hoja se canceló en la impresora &apos;%1&apos; antes de salir.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="219"/>
        <source>The printer &apos;%1&apos; gave up on the sheet before it came out.</source>
        <translation>La impresora &apos;%1&apos; abandonó la hoja antes de que saliera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="222"/>
        <source>The sheet could not be saved in the folder %1. Tell the clinic&apos;s support.</source>
        <translation>No se pudo guardar la hoja en la carpeta %1. Avise al soporte de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="256"/>
        <source>This patient has already been discharged.</source>
        <translation>Ya se dio de alta a este paciente.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="259"/>
        <source>Confirm that the driver is here before discharging.</source>
        <translation>Confirme que el conductor está aquí antes de dar de alta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="262"/>
        <source>Enter the name of the adult driving the patient home.</source>
        <translation>Escriba el nombre del adulto que llevará al paciente a casa.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="265"/>
        <source>Enter the driver&apos;s phone number with its area code.</source>
        <translation>Escriba el número de teléfono del conductor con su código de área.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="268"/>
        <source>Discharge the patient first: the sheet counts from the discharge time.</source>
        <translation>Primero dé de alta al paciente: la hoja cuenta a partir de la hora del alta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="271"/>
        <source>The patient is not ready to go home yet: the observation period must be over and the readiness checklist must pass.</source>
        <translation>El paciente aún no está listo para irse a casa: debe terminar el período de observación y debe aprobarse la lista de verificación para el alta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="276"/>
        <source>To discharge before the patient is ready, write the reason (at least 10 characters).</source>
        <translation>Para dar de alta antes de que el paciente esté listo, escriba el motivo (al menos 10 caracteres).</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="300"/>
        <source>The infusion has already been marked as started.</source>
        <translation>La infusión ya se marcó como iniciada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="303"/>
        <source>Mark the infusion as started first.</source>
        <translation>Primero marque el inicio de la infusión.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="304"/>
        <source>The infusion has already been marked as ended.</source>
        <translation>La infusión ya se marcó como terminada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="307"/>
        <source>The infusion has not been marked as ended yet.</source>
        <translation>La infusión todavía no se ha marcado como terminada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="310"/>
        <source>This patient has been discharged: the infusion can no longer be changed.</source>
        <translation>Este paciente ya fue dado de alta: la infusión ya no se puede cambiar.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="313"/>
        <source>That time has not come yet.</source>
        <translation>Esa hora todavía no ha llegado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="314"/>
        <source>The infusion cannot end before it started.</source>
        <translation>La infusión no puede terminar antes de haber empezado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/core/faults.py" line="317"/>
        <source>Write why the time is corrected (at least 10 characters).</source>
        <translation>Escriba por qué se corrige la hora (al menos 10 caracteres).</translation>
    </message>
</context>
<context>
    <name>FrontDeskScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/front_desk.py" line="43"/>
        <location filename="../../kiosk/ui/patient/front_desk.py" line="46"/>
        <source>Please see the front desk</source>
        <translation>Por favor, acuda a la recepción</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/front_desk.py" line="45"/>
        <source>You do not need to do anything else here.</source>
        <translation>No necesita hacer nada más aquí.</translation>
    </message>
</context>
<context>
    <name>HoursView</name>
    <message>
        <location filename="../../kiosk/ui/patient/questions.py" line="147"/>
        <location filename="../../kiosk/ui/patient/questions.py" line="148"/>
        <location filename="../../kiosk/ui/patient/questions.py" line="151"/>
        <source>hours</source>
        <translation>horas</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="30"/>
        <source>Who are you?</source>
        <translation>Díganos quién es usted</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="33"/>
        <source>Please type your name and date of birth as on your ID.</source>
        <translation>Por favor, escriba su nombre y su fecha de nacimiento como aparecen en su identificación.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="38"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="39"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="42"/>
        <location filename="../../kiosk/ui/patient/identify.py" line="46"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="55"/>
        <location filename="../../kiosk/ui/patient/identify.py" line="56"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="42"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="43"/>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="44"/>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="46"/>
        <source>For your privacy, this screen will clear when the count reaches zero.</source>
        <translation>Por su privacidad, esta pantalla se borrará cuando la cuenta llegue a cero.</translation>
    </message>
</context>
<context>
    <name>IntakeDetailView</name>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="191"/>
        <source>← Board</source>
        <translation>← Tablero</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="197"/>
        <source>Born %1 · arrived %2 · %3 · language %4</source>
        <translation>F. nac. %1 · llegada %2 · %3 · idioma %4</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="210"/>
        <source>⚠ Identity unverified: no appointment matched this name and date of birth.</source>
        <translation>⚠ Identidad sin verificar: ninguna cita coincide con este nombre y fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="120"/>
        <source>Vitals before</source>
        <translation>Signos vitales previos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="122"/>
        <source>In chair</source>
        <translation>En el sillón</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="139"/>
        <source>Vitals at discharge</source>
        <translation>Signos vitales al alta</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="144"/>
        <source>Discharge…</source>
        <translation>Dar de alta…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="148"/>
        <source>Aftercare sheet</source>
        <translation>Hoja de cuidados posteriores</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="113"/>
        <source>Intake of %1</source>
        <translation>Admisión de %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="124"/>
        <source>Infusion started</source>
        <translation>Infusión iniciada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="127"/>
        <source>Vitals during</source>
        <translation>Signos vitales durante</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="130"/>
        <source>Infusion ended</source>
        <translation>Infusión terminada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="133"/>
        <source>Correct time…</source>
        <translation>Corregir hora…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="136"/>
        <source>Side effect seen…</source>
        <translation>Efecto secundario observado…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="141"/>
        <source>Readiness check…</source>
        <translation>Evaluación para el alta…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="146"/>
        <source>Discharge anyway…</source>
        <translation>Dar el alta de todos modos…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="205"/>
        <source>Form versions: %1</source>
        <translation>Versiones de los formularios: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="217"/>
        <source>Flags</source>
        <translation>Indicadores</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="219"/>
        <source>No flags.</source>
        <translation>Sin indicadores.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="230"/>
        <source>✓ %1, %2</source>
        <translation>✓ %1, %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="236"/>
        <source>Acknowledge</source>
        <translation>Enterado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="246"/>
        <source>PHQ-9 and GAD-7</source>
        <translation>PHQ-9 y GAD-7</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="251"/>
        <source>%1: not finished</source>
        <translation>%1: sin terminar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="256"/>
        <source>%1: %2 of %3 (%4)</source>
        <translation>%1: %2 de %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="263"/>
        <source>Trend over this patient&apos;s visits</source>
        <translation>Evolución a lo largo de las visitas del paciente</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="269"/>
        <source>Ride home</source>
        <translation>Transporte a casa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="274"/>
        <source>%1, %2 (%3)</source>
        <translation>%1, %2 (%3)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="280"/>
        <source>⚠ No ride yet</source>
        <translation>⚠ Aún sin transporte</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="282"/>
        <source>Not answered yet</source>
        <translation>Aún sin responder</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="288"/>
        <source>Discharged %1 by %2; driver %3; no driving until %4</source>
        <translation>Alta: %1, por %2; conductor: %3; no conducir hasta %4</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="301"/>
        <source>● Discharged before ready, by override: %1</source>
        <translation>● Alta antes de estar listo, por excepción: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="310"/>
        <source>Vitals</source>
        <translation>Signos vitales</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="312"/>
        <source>None recorded yet.</source>
        <translation>Aún no se ha registrado ninguno.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="314"/>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="314"/>
        <source>During</source>
        <translation>Durante</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="315"/>
        <source>Discharge</source>
        <translation>Alta</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="319"/>
        <source>%1 %2: BP %3/%4, HR %5, SpO2 %6% (%7)</source>
        <translation>%1 %2: PA %3/%4, FC %5, SpO2 %6% (%7)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="336"/>
        <source>Infusion and observation</source>
        <translation>Infusión y observación</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="340"/>
        <source>The infusion has not started.</source>
        <translation>La infusión no ha comenzado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="345"/>
        <source>Started %1 by %2</source>
        <translation>Iniciada a las %1 por %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="356"/>
        <source>Ended %1 by %2</source>
        <translation>Terminada a las %1 por %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="364"/>
        <source>start</source>
        <translation>inicio</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="364"/>
        <source>end</source>
        <translation>fin</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="368"/>
        <source>Corrected %1 from %2 to %3 by %4 at %5: %6</source>
        <translation>Corregido el %1 de %2 a %3 por %4 a las %5: %6</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="388"/>
        <source>Side effect at %1: %2, %3 (%4)</source>
        <translation>Efecto secundario a las %1: %2, %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="398"/>
        <source>passed</source>
        <translation>aprobada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="398"/>
        <source>not passed</source>
        <translation>no aprobada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="400"/>
        <source>Readiness check at %1: %2 of %3, %4 (%5)</source>
        <translation>Evaluación para el alta a las %1: %2 de %3, %4 (%5)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="419"/>
        <source>Answers, as the patient saw the questions</source>
        <translation>Respuestas, con las preguntas tal como las vio el paciente</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="442"/>
        <source>No answers yet.</source>
        <translation>Aún no hay respuestas.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="446"/>
        <source>Consent</source>
        <translation>Consentimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="448"/>
        <source>Not signed yet.</source>
        <translation>Aún no se ha firmado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="453"/>
        <source>Version %1, signed %2 by %3 (“%4”)</source>
        <translation>Versión %1, firmada a las %2 por %3 (“%4”)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="464"/>
        <source>Show the signed copy</source>
        <translation>Mostrar la copia firmada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="478"/>
        <source>Preparing the signed copy…</source>
        <translation>Preparando la copia firmada…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="494"/>
        <source>The signed copy cannot be shown. Tell the clinic&apos;s admin.</source>
        <translation>No se puede mostrar la copia firmada. Avise al administrador de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="502"/>
        <source>Signed by typing their name: “%1” (typed signature)</source>
        <translation>Firmó escribiendo su nombre: “%1” (firma escrita)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="506"/>
        <source>Signed with a staff member as witness: %1</source>
        <translation>Firmó con un miembro del personal como testigo: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="508"/>
        <source>Signature drawn on the screen</source>
        <translation>Firma dibujada en la pantalla</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="511"/>
        <source>Printed</source>
        <translation>Impresiones</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="513"/>
        <source>Nothing printed yet.</source>
        <translation>Aún no se ha impreso nada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="518"/>
        <source>%1: sent to %2 (job %3) by %4</source>
        <translation>%1: enviado a %2 (trabajo %3) por %4</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/detail.py" line="526"/>
        <source>%1: not printed, saved to %2 by %3</source>
        <translation>%1: no se imprimió; guardada en %2 por %3</translation>
    </message>
</context>
<context>
    <name>ItemScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/item.py" line="73"/>
        <source>Question %1 of %2</source>
        <translation>Pregunta %1 de %2</translation>
    </message>
</context>
<context>
    <name>Levels</name>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="23"/>
        <source>▲ ALERT</source>
        <translation>▲ ALERTA</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="25"/>
        <source>● RED</source>
        <translation>● ROJO</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="26"/>
        <source>◆ AMBER</source>
        <translation>◆ ÁMBAR</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="32"/>
        <source>alert</source>
        <translation>alerta</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="34"/>
        <source>red flag</source>
        <translation>indicador rojo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="35"/>
        <source>amber flag</source>
        <translation>indicador ámbar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="167"/>
        <source>Check-in kiosk</source>
        <translation>Quiosco de registro</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="168"/>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="169"/>
        <source>Staff</source>
        <translation>Personal de la clínica</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="170"/>
        <location filename="../../kiosk/ui/main_window.py" line="171"/>
        <source>Stop and start over</source>
        <translation>Parar y empezar de nuevo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="336"/>
        <location filename="../../kiosk/ui/main_window.py" line="478"/>
        <source>The clinic server cannot be reached: sign in with your PIN on this kiosk.</source>
        <translation>No se puede conectar con el servidor de la clínica: inicie sesión con su PIN de este quiosco.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="481"/>
        <source>Local only: this kiosk&apos;s patients. The clinic server cannot be reached.</source>
        <translation>Solo local: los pacientes de este quiosco. No se puede conectar con el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="504"/>
        <source>The sign-in could not be saved, so the station cannot open.</source>
        <translation>No se pudo guardar el inicio de sesión, así que la estación no puede abrirse.</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="131"/>
        <source>Reset PIN</source>
        <translation>Restablecer PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="132"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="135"/>
        <source>New PIN</source>
        <translation>PIN nuevo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="133"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="136"/>
        <source>New PIN again</source>
        <translation>Repita el PIN nuevo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="137"/>
        <source>New PIN for %1</source>
        <translation>PIN nuevo para %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="138"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="138"/>
        <source>Save PIN</source>
        <translation>Guardar PIN</translation>
    </message>
</context>
<context>
    <name>Notice</name>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="192"/>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="199"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <location filename="../../kiosk/ui/widgets/number_pad.py" line="52"/>
        <source>Number pad</source>
        <translation>Teclado numérico</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/number_pad.py" line="64"/>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/number_pad.py" line="64"/>
        <source>Decimal point</source>
        <translation>Punto decimal</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="285"/>
        <source>Discharge anyway</source>
        <translation>Dar el alta de todos modos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="289"/>
        <source>Why the patient goes before ready (at least 10 characters)</source>
        <translation>Por qué el paciente se va antes de estar listo (al menos 10 caracteres)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="298"/>
        <source>Discharging now is recorded as an override with your reason and shows as a red flag.</source>
        <translation>Dar el alta ahora queda registrado como una excepción con su motivo y aparece como una alerta roja.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="305"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="309"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="309"/>
        <source>Continue to the discharge</source>
        <translation>Continuar con el alta</translation>
    </message>
</context>
<context>
    <name>PageScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/page.py" line="97"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/page.py" line="97"/>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <location filename="../../kiosk/ui/patient/pdf_view.py" line="82"/>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="49"/>
        <source>Staff sign-in</source>
        <translation>Acceso del personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="63"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="70"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="72"/>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="82"/>
        <source>Staff only. Touch your name, then enter your PIN.</source>
        <translation>Solo para el personal. Toque su nombre y luego escriba su PIN.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="109"/>
        <source>Touch your name first.</source>
        <translation>Primero toque su nombre.</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="21"/>
        <source>Please answer this question.</source>
        <translation>Por favor, responda esta pregunta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="23"/>
        <source>Please enter a number.</source>
        <translation>Por favor, escriba un número.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="26"/>
        <source>Please enter a number from %1 to %2.</source>
        <translation>Por favor, escriba un número del %1 al %2.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="31"/>
        <source>Please enter a phone number with its area code, for example 555 010 0123.</source>
        <translation>Por favor, escriba un número de teléfono con su código de área, por ejemplo 555 010 0123.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="36"/>
        <source>This is too long. Please shorten it to %1 characters.</source>
        <translation>Es demasiado largo. Por favor, acórtelo a %1 caracteres.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="42"/>
        <source>The date of birth cannot be in the future.</source>
        <translation>La fecha de nacimiento no puede ser en el futuro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="44"/>
        <source>Please check the year of your date of birth.</source>
        <translation>Por favor, revise el año de su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="47"/>
        <source>Please choose one of the answers.</source>
        <translation>Por favor, elija una de las respuestas.</translation>
    </message>
</context>
<context>
    <name>ReadAloud</name>
    <message>
        <location filename="../../kiosk/ui/widgets/read_aloud.py" line="54"/>
        <source>%1, your choice</source>
        <translation>%1, su elección</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/read_aloud.py" line="342"/>
        <source>No audio help</source>
        <translation>Sin ayuda de audio</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/read_aloud.py" line="345"/>
        <source>Stop reading</source>
        <translation>Dejar de leer</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/read_aloud.py" line="348"/>
        <source>Read this to me</source>
        <translation>Léame esto</translation>
    </message>
</context>
<context>
    <name>ReadPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="52"/>
        <source>Please read each part. Touch “I agree” under each one.</source>
        <translation>Por favor, lea cada parte. Toque “Acepto” debajo de cada una.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="60"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="74"/>
        <source>I agree</source>
        <translation>Acepto</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="62"/>
        <source>I agree: %1</source>
        <translation>Acepto: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="68"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="69"/>
        <source>Continue to sign</source>
        <translation>Continuar para firmar</translation>
    </message>
</context>
<context>
    <name>ReadinessDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="73"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="73"/>
        <source>Save the check</source>
        <translation>Guardar la evaluación</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="98"/>
        <source>%1 (points: %2)</source>
        <translation>%1 (puntos: %2)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="106"/>
        <source>Must hold whatever the score</source>
        <translation>Se debe cumplir sea cual sea la puntuación</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="122"/>
        <source>%1:
0 of %2 points: no readings before the infusion and since it ended</source>
        <translation>%1:
0 de %2 puntos: no hay mediciones de antes de la infusión y desde que terminó</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="128"/>
        <source>%1:
%2 of %3 points (largest change %4 %)</source>
        <translation>%1:
%2 de %3 puntos (mayor cambio %4 %)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="161"/>
        <source>Score: %1 of %2</source>
        <translation>Puntuación: %1 de %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="165"/>
        <source>Choose an answer for each item.</source>
        <translation>Elija una respuesta para cada punto.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="170"/>
        <source>✓ Passes: ready to go home.</source>
        <translation>✓ Aprobada: listo para ir a casa.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="176"/>
        <source>Does not pass:</source>
        <translation>No aprobada:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/readiness_dialog.py" line="185"/>
        <source>Choose an answer for: %1</source>
        <translation>Elija una respuesta para: %1</translation>
    </message>
</context>
<context>
    <name>RecoveryWindow</name>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="101"/>
        <source>Kiosk not available</source>
        <translation>Quiosco no disponible</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="110"/>
        <source>This kiosk is not taking check-ins right now. Please see the front desk.</source>
        <translation>Este quiosco no está registrando pacientes en este momento. Por favor, acuda a la recepción.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="129"/>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="131"/>
        <source>Restore this backup</source>
        <translation>Restaurar esta copia de seguridad</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="133"/>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="161"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="199"/>
        <source>No admin can restore</source>
        <translation>Ningún administrador puede restaurar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="202"/>
        <source>The latest backup has no admin account, so nobody can restore it here. Call support: the damaged database is left untouched at %1.</source>
        <translation>La copia de seguridad más reciente no tiene ninguna cuenta de administrador, así que nadie puede restaurarla aquí. Llame a soporte: la base de datos dañada se deja intacta en %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="211"/>
        <source>The database is damaged. An admin signs in to restore a backup.</source>
        <translation>La base de datos está dañada. Un administrador debe iniciar sesión para restaurar una copia de seguridad.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="227"/>
        <source>The database of this kiosk is damaged, so it is not taking check-ins.

The latest good backup is %1, taken %2, with %3 intake(s).

Intakes saved since then are NOT in it: note them from the paper forms or the patients.

The damaged database is not deleted: it is kept aside in %4.</source>
        <translation>La base de datos de este quiosco está dañada, por eso no está registrando pacientes.

La copia de seguridad buena más reciente es %1, hecha el %2, con %3 ingreso(s).

Los ingresos guardados desde entonces NO están en ella: anótelos a partir de los formularios en papel o de los pacientes.

La base de datos dañada no se borra: se guarda aparte en %4.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="238"/>
        <source>Restore the latest backup?</source>
        <translation>¿Restaurar la copia de seguridad más reciente?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="243"/>
        <source>The database of this kiosk is damaged, and there is no good backup in %1.

Call support. The damaged database is left untouched at %2; do not delete it. Take check-ins on paper meanwhile.</source>
        <translation>La base de datos de este quiosco está dañada y no hay ninguna copia de seguridad buena en %1.

Llame a soporte. La base de datos dañada se deja intacta en %2; no la borre. Mientras tanto, registre a los pacientes en papel.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="250"/>
        <source>No backup to restore</source>
        <translation>No hay copia de seguridad para restaurar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="257"/>
        <source>The database&apos;s encryption key is missing or wrong, so the records cannot be read. Put the key file back where the settings say (or set KIOSK_DB_KEY) and touch Try again. Nothing was changed; do not delete the database.</source>
        <translation>Falta la clave de cifrado de la base de datos o no es la correcta, así que no se pueden leer los registros. Vuelva a poner el archivo de la clave donde indica la configuración (o defina KIOSK_DB_KEY) y toque Intentar de nuevo. No se cambió nada; no borre la base de datos.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="261"/>
        <source>What the kiosk says: %1</source>
        <translation>Lo que indica el quiosco: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="262"/>
        <source>The database cannot be opened</source>
        <translation>No se puede abrir la base de datos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="300"/>
        <source>Not restored: %1 Call support.</source>
        <translation>No se restauró: %1 Llame a soporte.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/recovery.py" line="322"/>
        <source>The database still cannot be opened: %1</source>
        <translation>La base de datos todavía no se puede abrir: %1</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="248"/>
        <source>Your signed copy</source>
        <translation>Su copia firmada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="251"/>
        <source>Please look it over. If it is right, touch “This is my signature”.</source>
        <translation>Por favor, revísela. Si todo está bien, toque “Esta es mi firma”.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="255"/>
        <source>Preparing your copy…</source>
        <translation>Preparando su copia…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="262"/>
        <source>Your signed copy as text</source>
        <translation>Su copia firmada como texto</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="267"/>
        <source>The same copy as text</source>
        <translation>La misma copia en texto</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="272"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="274"/>
        <source>This is my signature</source>
        <translation>Esta es mi firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="275"/>
        <source>I certify this is my signed consent</source>
        <translation>Certifico que este es mi consentimiento firmado</translation>
    </message>
</context>
<context>
    <name>ScreenFrame</name>
    <message>
        <location filename="../../kiosk/ui/patient/frame.py" line="106"/>
        <location filename="../../kiosk/ui/patient/frame.py" line="133"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/frame.py" line="107"/>
        <location filename="../../kiosk/ui/patient/frame.py" line="134"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
</context>
<context>
    <name>ScrollArea</name>
    <message>
        <location filename="../../kiosk/ui/accessibility.py" line="71"/>
        <source>Page content</source>
        <translation>Contenido de la página</translation>
    </message>
</context>
<context>
    <name>ServerAdminView</name>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="58"/>
        <source>Back to the board</source>
        <translation>Volver al tablero</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="52"/>
        <source>Appointments</source>
        <translation>Citas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="53"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="54"/>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="55"/>
        <source>Server audit log</source>
        <translation>Registro de auditoría del servidor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/server_view.py" line="83"/>
        <source>The clinic server cannot be reached (%1). This page shows what was last read; try again in a moment.</source>
        <translation>No se puede conectar con el servidor de la clínica (%1). Esta página muestra lo último que se leyó; inténtelo de nuevo en un momento.</translation>
    </message>
</context>
<context>
    <name>SideEffectDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="194"/>
        <source>Side effect seen</source>
        <translation>Efecto secundario observado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="198"/>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="223"/>
        <source>What was seen</source>
        <translation>Qué se observó</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="203"/>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="225"/>
        <source>How bad</source>
        <translation>Qué tan intenso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="215"/>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="226"/>
        <source>Time seen</source>
        <translation>Hora en que se observó</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="219"/>
        <source>What it was, in words (for Other)</source>
        <translation>Qué fue, en palabras (para Otro)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="224"/>
        <source>What it was, for Other</source>
        <translation>Qué fue, para Otro</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="232"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="232"/>
        <source>Save the side effect</source>
        <translation>Guardar el efecto secundario</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="252"/>
        <source>Choose how bad it was.</source>
        <translation>Elija qué tan intenso fue.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="257"/>
        <source>That time has not come yet.</source>
        <translation>Esa hora todavía no ha llegado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_dialogs.py" line="262"/>
        <source>Say in words what the other side effect was.</source>
        <translation>Diga en palabras cuál fue el otro efecto secundario.</translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="106"/>
        <source>By signing, you are saying: “%1”</source>
        <translation>Al firmar, usted está diciendo: “%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="113"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="115"/>
        <source>Your name in print</source>
        <translation>Su nombre en letra de molde</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="122"/>
        <source>Sign here with your finger</source>
        <translation>Firme aquí con el dedo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="139"/>
        <source>Clear signature</source>
        <translation>Borrar la firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="142"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="143"/>
        <source>See my signed copy</source>
        <translation>Ver mi copia firmada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="155"/>
        <source>Draw my signature instead</source>
        <translation>Mejor dibujar mi firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="160"/>
        <source>Sign by typing my name</source>
        <translation>Firmar escribiendo mi nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="165"/>
        <source>Ask a staff member to witness</source>
        <translation>Pedir a un miembro del personal que sea testigo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="216"/>
        <source>Please type your name in print.</source>
        <translation>Escriba su nombre en letra de molde.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="221"/>
        <source>Please sign in the box.</source>
        <translation>Firme en el recuadro.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../kiosk/ui/widgets/signature_pad.py" line="27"/>
        <source>Signature area: sign here with your finger</source>
        <translation>Área de la firma: firme aquí con el dedo</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="96"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="110"/>
        <source>Add staff member</source>
        <translation>Agregar miembro del personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="97"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="105"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="99"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="106"/>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="100"/>
        <source>Nurse</source>
        <translation>Enfermería</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="101"/>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="102"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="107"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="103"/>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="108"/>
        <source>PIN again</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="110"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/dialogs.py" line="110"/>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
</context>
<context>
    <name>StaffFaults</name>
    <message>
        <location filename="../../kiosk/ui/staff/faults.py" line="63"/>
        <source>Not saved.</source>
        <translation>No se guardó.</translation>
    </message>
</context>
<context>
    <name>StaffGate</name>
    <message>
        <location filename="../../kiosk/ui/staff/gate.py" line="21"/>
        <source>Wrong PIN. Tries left before this account locks: %1.</source>
        <translation>PIN incorrecto. Intentos restantes antes de que se bloquee esta cuenta: %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/gate.py" line="29"/>
        <source>Too many wrong PINs: this account is locked until %1.</source>
        <translation>Demasiados PIN incorrectos: esta cuenta está bloqueada hasta las %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/gate.py" line="35"/>
        <source>This account is disabled. Ask an admin.</source>
        <translation>Esta cuenta está desactivada. Consulte a un administrador.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/gate.py" line="38"/>
        <source>That account does not exist any more.</source>
        <translation>Esa cuenta ya no existe.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/gate.py" line="81"/>
        <source>No staff accounts are set up yet. An admin adds the first one on the command line:
python -m kiosk staff add --role admin --name NAME</source>
        <translation>Todavía no hay cuentas del personal. Un administrador agrega la primera desde la línea de comandos:
python -m kiosk staff add --role admin --name NOMBRE</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="40"/>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="40"/>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="40"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="40"/>
        <source>Staff accounts</source>
        <translation>Cuentas del personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="42"/>
        <source>Add staff member</source>
        <translation>Agregar miembro del personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="44"/>
        <source>Disable</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="46"/>
        <source>Enable</source>
        <translation>Activar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="48"/>
        <source>Reset PIN</source>
        <translation>Restablecer PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="50"/>
        <source>Change role</source>
        <translation>Cambiar función</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="52"/>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="69"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="81"/>
        <source>Nurse</source>
        <translation>Enfermería</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="81"/>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="94"/>
        <source>Disabled</source>
        <translation>Desactivada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="97"/>
        <source>Locked until %1</source>
        <translation>Bloqueado hasta las %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="98"/>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="104"/>
        <source>That PIN is too short (at least %1 digits).</source>
        <translation>Ese PIN es demasiado corto (mínimo %1 dígitos).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="107"/>
        <source>That PIN is too long (at most %1 digits).</source>
        <translation>Ese PIN es demasiado largo (máximo %1 dígitos).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="109"/>
        <source>A PIN is digits only.</source>
        <translation>El PIN solo puede tener dígitos.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="110"/>
        <source>That PIN is one of the most used PINs: choose another.</source>
        <translation>Ese PIN es uno de los más usados: elija otro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="111"/>
        <source>That PIN repeats digits: choose another.</source>
        <translation>Ese PIN repite dígitos: elija otro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="112"/>
        <source>That PIN is a run of digits: choose another.</source>
        <translation>Ese PIN es una serie de dígitos consecutivos: elija otro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="114"/>
        <source>That PIN is refused: choose another.</source>
        <translation>Ese PIN no se acepta: elija otro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="126"/>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="185"/>
        <source>The two PINs differ.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="135"/>
        <source>%1 was added.</source>
        <translation>Se agregó a %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="142"/>
        <source>Select a staff member first.</source>
        <translation>Primero seleccione a un miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="158"/>
        <source>You cannot disable your own account.</source>
        <translation>No puede desactivar su propia cuenta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="168"/>
        <source>%1 was disabled.</source>
        <translation>Se desactivó la cuenta de %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="168"/>
        <source>%1 was enabled.</source>
        <translation>Se activó la cuenta de %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="192"/>
        <source>The PIN of %1 was changed.</source>
        <translation>Se cambió el PIN de %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="199"/>
        <source>%1 is the last active admin. Add or enable another admin first, so that someone can still manage staff.</source>
        <translation>%1 es el último administrador activo. Agregue o active antes a otro administrador, para que alguien pueda seguir gestionando al personal.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="218"/>
        <source>%1 is now an admin.</source>
        <translation>%1 ahora es administrador.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="218"/>
        <source>%1 is now a nurse.</source>
        <translation>%1 ahora es enfermero/a.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/admin/staff_page.py" line="230"/>
        <source>%1 can sign in again.</source>
        <translation>%1 puede volver a iniciar sesión.</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="11"/>
        <source>Checking in</source>
        <translation>Registrándose</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="12"/>
        <source>Checklist done</source>
        <translation>Lista completada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="13"/>
        <source>Consent signed</source>
        <translation>Consentimiento firmado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="14"/>
        <source>In chair</source>
        <translation>En el sillón</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/labels.py" line="15"/>
        <source>Discharged</source>
        <translation>De alta</translation>
    </message>
</context>
<context>
    <name>StaleView</name>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="16"/>
        <source>%1 discharged this patient at %2; the view is updated.</source>
        <translation>%1 dio de alta a este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="19"/>
        <source>%1 recorded this patient&apos;s vitals at %2; the view is updated.</source>
        <translation>%1 registró los signos vitales de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="22"/>
        <source>%1 seated this patient at %2; the view is updated.</source>
        <translation>%1 pasó a este paciente al sillón a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="25"/>
        <source>%1 acknowledged an alert of this patient at %2; the view is updated.</source>
        <translation>%1 marcó como enterado una alerta de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="28"/>
        <source>%1 printed this patient&apos;s aftercare sheet at %2; the view is updated.</source>
        <translation>%1 imprimió la hoja de cuidados posteriores de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="31"/>
        <source>%1 marked this patient&apos;s infusion started at %2; the view is updated.</source>
        <translation>%1 marcó el inicio de la infusión de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="34"/>
        <source>%1 marked this patient&apos;s infusion ended at %2; the view is updated.</source>
        <translation>%1 marcó el fin de la infusión de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="37"/>
        <source>%1 corrected this patient&apos;s infusion times at %2; the view is updated.</source>
        <translation>%1 corrigió las horas de la infusión de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="40"/>
        <source>%1 recorded a side effect of this patient at %2; the view is updated.</source>
        <translation>%1 registró un efecto secundario de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="43"/>
        <source>%1 checked this patient&apos;s readiness to go home at %2; the view is updated.</source>
        <translation>%1 evaluó si este paciente está listo para irse a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="53"/>
        <source>Someone</source>
        <translation>Alguien</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="56"/>
        <source>%1 changed this patient&apos;s record; the view is updated.</source>
        <translation>%1 cambió el registro de este paciente; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="64"/>
        <source>%1 changed this patient&apos;s record at %2; the view is updated.</source>
        <translation>%1 cambió el registro de este paciente a las %2; la vista se ha actualizado.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="73"/>
        <source>Not saved: the clinic server cannot be reached.</source>
        <translation>No se guardó: no se puede conectar con el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/refusals.py" line="80"/>
        <source>The clinic server cannot be reached. Retrying… The board shows what was read before.</source>
        <translation>No se puede conectar con el servidor de la clínica. Reintentando… El tablero muestra lo que se leyó antes.</translation>
    </message>
</context>
<context>
    <name>StartOverCard</name>
    <message>
        <location filename="../../kiosk/ui/patient/start_over.py" line="48"/>
        <source>Stop and start over?</source>
        <translation>¿Parar y empezar de nuevo?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/start_over.py" line="50"/>
        <source>Your saved answers are kept; you can continue later today.</source>
        <translation>Sus respuestas guardadas se conservan; puede continuar más tarde hoy.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/start_over.py" line="52"/>
        <location filename="../../kiosk/ui/patient/start_over.py" line="53"/>
        <source>No, keep going</source>
        <translation>No, seguir</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/start_over.py" line="54"/>
        <source>Yes, start over</source>
        <translation>Sí, empezar de nuevo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/start_over.py" line="55"/>
        <source>Yes, stop and start over</source>
        <translation>Sí, parar y empezar de nuevo</translation>
    </message>
</context>
<context>
    <name>StationView</name>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="188"/>
        <source>Signed in: %1 (%2)</source>
        <translation>Sesión iniciada: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="193"/>
        <source>Admin</source>
        <translation>Administración</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="196"/>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="250"/>
        <source>At %1 a patient&apos;s answer could not be saved; the patient was sent to the front desk.</source>
        <translation>A las %1 no se pudo guardar una respuesta de un paciente; se le envió a la recepción.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="293"/>
        <source>The admin pages cannot be opened: the clinic server cannot be reached.</source>
        <translation>No se pueden abrir las páginas de administración: no se puede conectar con el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="324"/>
        <source>The intake cannot be read from the clinic server now.</source>
        <translation>Ahora no se puede leer la admisión desde el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="414"/>
        <source>Not acknowledged: the clinic server cannot be reached.</source>
        <translation>No se marcó como enterado: no se puede conectar con el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="417"/>
        <source>Not acknowledged: that alert is no longer on the server.</source>
        <translation>No se marcó como enterado: esa alerta ya no está en el servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/station.py" line="640"/>
        <source>The aftercare sheet cannot be read from the clinic server now.</source>
        <translation>Ahora no se puede leer la hoja de cuidados posteriores desde el servidor de la clínica.</translation>
    </message>
</context>
<context>
    <name>StationWindow</name>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="48"/>
        <location filename="../../kiosk/ui/staff/server_window.py" line="90"/>
        <source>Nurse station</source>
        <translation>Estación de enfermería</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="51"/>
        <location filename="../../kiosk/ui/staff/server_window.py" line="145"/>
        <source>The clinic server cannot be reached. Retrying…</source>
        <translation>No se puede conectar con el servidor de la clínica. Reintentando…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="53"/>
        <source>Server status</source>
        <translation>Estado del servidor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="83"/>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="92"/>
        <source>Staff only. Sign in with your name and PIN.</source>
        <translation>Solo personal. Entre con su nombre y su PIN.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="61"/>
        <source>Not current: the board shows what was read before the server went away.</source>
        <translation>No está al día: el tablero muestra lo leído antes de perder el servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/server_window.py" line="138"/>
        <source>No staff accounts are on the clinic server yet. An admin adds them: python -m kiosk server staff add</source>
        <translation>Aún no hay cuentas de personal en el servidor de la clínica. Un administrador las añade: python -m kiosk server staff add</translation>
    </message>
</context>
<context>
    <name>SyncStatusLine</name>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="35"/>
        <source>Clinic server sync</source>
        <translation>Sincronización con el servidor de la clínica</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="46"/>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="78"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="78"/>
        <source>Hide details</source>
        <translation>Ocultar detalles</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="97"/>
        <source>⚠ The clinic server sync&apos;s state cannot be read just now.</source>
        <translation>⚠ Ahora mismo no se puede leer el estado de la sincronización con el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="103"/>
        <source>Clinic server: none (a single kiosk: everything stays here).</source>
        <translation>Servidor de la clínica: ninguno (un quiosco solo: todo se queda aquí).</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="128"/>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="135"/>
        <source>This kiosk works on its own and keeps its 1 waiting step here.</source>
        <translation>Este quiosco funciona por su cuenta y guarda aquí su 1 paso en espera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="138"/>
        <source>This kiosk works on its own and keeps its %1 waiting steps here.</source>
        <translation>Este quiosco funciona por su cuenta y guarda aquí sus %1 pasos en espera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="144"/>
        <source>The clinic server settings are wrong: %1.</source>
        <translation>La configuración del servidor de la clínica es incorrecta: %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="148"/>
        <source>Fix the [server] settings, then restart the kiosk.</source>
        <translation>Corrija la configuración [server] y reinicie el quiosco.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="170"/>
        <source>Its 1 step stays saved here.</source>
        <translation>Su 1 paso sigue guardado aquí.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="172"/>
        <source>Its %1 steps stay saved here.</source>
        <translation>Sus %1 pasos siguen guardados aquí.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="176"/>
        <source>This kiosk&apos;s login was revoked on the clinic server.</source>
        <translation>El acceso de este quiosco fue revocado en el servidor de la clínica.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="180"/>
        <source>Ask the admin to enrol it again.</source>
        <translation>Pida al administrador que lo vuelva a dar de alta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="154"/>
        <source>Clinic server: last sync %1</source>
        <translation>Servidor de la clínica: última sincronización %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="158"/>
        <source>1 conflict set aside on the server</source>
        <translation>1 conflicto apartado en el servidor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="161"/>
        <source>%1 conflicts set aside on the server</source>
        <translation>%1 conflictos apartados en el servidor</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="186"/>
        <source>Last try at %1: %2</source>
        <translation>Último intento a las %1: %2</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="195"/>
        <source>The clinic server refused 1 step outright. It stays saved here, set aside. Ask the admin to look at the server&apos;s log.</source>
        <translation>El servidor de la clínica rechazó 1 paso. Sigue guardado aquí, apartado. Pida al administrador que revise el registro del servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="204"/>
        <source>The clinic server refused %1 steps outright. They stay saved here, set aside. Ask the admin to look at the server&apos;s log.</source>
        <translation>El servidor de la clínica rechazó %1 pasos. Siguen guardados aquí, apartados. Pida al administrador que revise el registro del servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="216"/>
        <source>1 step waiting</source>
        <translation>1 paso en espera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="218"/>
        <source>%1 steps waiting</source>
        <translation>%1 pasos en espera</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="222"/>
        <source>%1 of them for patients with an alert or red flag, sent first</source>
        <translation>%1 de ellos de pacientes con una alerta o un indicador rojo, que se envían primero</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="231"/>
        <source>the clinic server cannot be reached. The steps wait here and go when it is back.</source>
        <translation>no se puede llegar al servidor de la clínica. Los pasos esperan aquí y se envían cuando vuelva.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="235"/>
        <source>the clinic server refused this kiosk&apos;s login. Ask the admin to check its credential file.</source>
        <translation>el servidor de la clínica rechazó el acceso de este quiosco. Pida al administrador que revise su archivo de credenciales.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="240"/>
        <source>the clinic server&apos;s certificate is not signed by the clinic&apos;s CA. Ask the admin to check [server] ca_file.</source>
        <translation>el certificado del servidor de la clínica no está firmado por la CA de la clínica. Pida al administrador que revise [server] ca_file.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="245"/>
        <source>the clinic server has this kiosk enrolled in another clinic. Nothing is sent; ask the admin to check [server] clinic.</source>
        <translation>el servidor de la clínica tiene este quiosco dado de alta en otra clínica. No se envía nada; pida al administrador que revise [server] clinic.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="250"/>
        <source>the clinic server is older than this kiosk. Ask the admin to update the server.</source>
        <translation>el servidor de la clínica es más antiguo que este quiosco. Pida al administrador que actualice el servidor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="252"/>
        <source>the clinic server refused the steps. Ask the admin to look at its log.</source>
        <translation>el servidor de la clínica rechazó los pasos. Pida al administrador que revise su registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="259"/>
        <source>This kiosk&apos;s clock is %1 min ahead of the clinic server&apos;s. Ask the admin to set it.</source>
        <translation>El reloj de este quiosco va %1 min adelantado respecto al del servidor de la clínica. Pida al administrador que lo ajuste.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="263"/>
        <source>This kiosk&apos;s clock is %1 min behind the clinic server&apos;s. Ask the admin to set it.</source>
        <translation>El reloj de este quiosco va %1 min atrasado respecto al del servidor de la clínica. Pida al administrador que lo ajuste.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="272"/>
        <source>Server: %1</source>
        <translation>Servidor: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="274"/>
        <source>(this kiosk is “%1” there)</source>
        <translation>(allí este quiosco es “%1”)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="277"/>
        <source>Last successful sync: %1</source>
        <translation>Última sincronización correcta: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="278"/>
        <source>Last try: %1</source>
        <translation>Último intento: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="281"/>
        <source>Steps waiting here: %1 (%2 of them for patients with an alert or red flag)</source>
        <translation>Pasos en espera aquí: %1 (%2 de ellos de pacientes con una alerta o un indicador rojo)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="286"/>
        <source>Steps the server has: %1</source>
        <translation>Pasos que ya tiene el servidor: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="287"/>
        <source>Conflicts set aside on the server: %1</source>
        <translation>Conflictos apartados en el servidor: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="290"/>
        <source>Last problem: %1</source>
        <translation>Último problema: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/sync_status.py" line="294"/>
        <source>Clock: this kiosk is %1 s off the clinic server&apos;s</source>
        <translation>Reloj: este quiosco difiere %1 s del servidor de la clínica</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message numerus="yes">
        <location filename="../../kiosk/ui/staff/trend_chart.py" line="34"/>
        <source>Score trend over %n visit(s)</source>
        <translation>
            <numerusform>Evolución de las puntuaciones en %n visita</numerusform>
            <numerusform>Evolución de las puntuaciones en %n visitas</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/trend_chart.py" line="47"/>
        <source>No scores yet</source>
        <translation>Aún no hay puntuaciones</translation>
    </message>
</context>
<context>
    <name>TypedSignature</name>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="27"/>
        <source>Your full name, typed as your signature</source>
        <translation>Su nombre completo, escrito como su firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="33"/>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="34"/>
        <source>Typing my name here is my signature</source>
        <translation>Escribir mi nombre aquí es mi firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="44"/>
        <source>Please type your full name as your signature.</source>
        <translation>Escriba su nombre completo como su firma.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="46"/>
        <source>Please type your name in letters as your signature.</source>
        <translation>Escriba su nombre con letras como su firma.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="48"/>
        <source>That name is too long. Please type your full name only.</source>
        <translation>Ese nombre es demasiado largo. Escriba solo su nombre completo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="50"/>
        <source>Please tick “Typing my name here is my signature”.</source>
        <translation>Marque “Escribir mi nombre aquí es mi firma”.</translation>
    </message>
</context>
<context>
    <name>VitalsDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="53"/>
        <source>Vitals</source>
        <translation>Signos vitales</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="55"/>
        <source>Vitals before the infusion</source>
        <translation>Signos vitales antes de la infusión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="56"/>
        <source>Vitals during the infusion</source>
        <translation>Signos vitales durante la infusión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="57"/>
        <source>Vitals before discharge</source>
        <translation>Signos vitales antes del alta</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="61"/>
        <source>Systolic (mmHg)</source>
        <translation>Sistólica (mmHg)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="62"/>
        <source>Diastolic (mmHg)</source>
        <translation>Diastólica (mmHg)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="63"/>
        <source>Heart rate (per minute)</source>
        <translation>Frecuencia cardiaca (por minuto)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="64"/>
        <source>SpO2 (%)</source>
        <translation>SpO2 (%)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="85"/>
        <source>Save vitals</source>
        <translation>Guardar signos vitales</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="85"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/dialogs.py" line="98"/>
        <source>%1 must be a whole number from %2 to %3.</source>
        <translation>%1 debe ser un número entero del %2 al %3.</translation>
    </message>
</context>
<context>
    <name>Watch</name>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="22"/>
        <source>Waiting for infusion</source>
        <translation>Esperando la infusión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="24"/>
        <source>In the chair</source>
        <translation>En el sillón</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="26"/>
        <source>▲ VITALS OVERDUE</source>
        <translation>▲ SIGNOS VITALES ATRASADOS</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="28"/>
        <source>◆ Vitals due</source>
        <translation>◆ Toca tomar signos vitales</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="32"/>
        <source>Observation
%1 min left</source>
        <translation>Observación
faltan %1 min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="36"/>
        <source>✓ Ready to go home</source>
        <translation>✓ Listo para ir a casa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="38"/>
        <source>Observation over
Readiness not passed</source>
        <translation>Observación terminada
Evaluación no aprobada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="39"/>
        <source>Observation over
Readiness check next</source>
        <translation>Observación terminada
Falta la evaluación</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="46"/>
        <source>In the chair; vitals overdue</source>
        <translation>En el sillón; signos vitales atrasados</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="48"/>
        <source>In the chair; vitals due</source>
        <translation>En el sillón; toca tomar signos vitales</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="50"/>
        <source>Ready to go home</source>
        <translation>Listo para ir a casa</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="58"/>
        <source>observation: %1 min left</source>
        <translation>observación: faltan %1 min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="62"/>
        <source>the infusion has not started</source>
        <translation>la infusión no ha comenzado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="63"/>
        <source>the infusion is still running</source>
        <translation>la infusión sigue en curso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="64"/>
        <source>no readiness check since the infusion ended</source>
        <translation>no hay evaluación para el alta desde que terminó la infusión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="67"/>
        <source>the last readiness check did not pass</source>
        <translation>la última evaluación para el alta no fue aprobada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="77"/>
        <source>Not ready to go home: %1.</source>
        <translation>Todavía no puede irse a casa: %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="86"/>
        <source>The score is %1 of %2; %3 is needed.</source>
        <translation>La puntuación es %1 de %2; se necesita %3.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="92"/>
        <source>Vital signs are needed from before the infusion and since it ended.</source>
        <translation>Se necesitan signos vitales de antes de la infusión y de después de que terminó.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="98"/>
        <source>%1 scored 0.</source>
        <translation>%1 obtuvo 0 puntos.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="102"/>
        <source>Not confirmed: %1</source>
        <translation>Sin confirmar: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="110"/>
        <source>Nausea</source>
        <translation>Náuseas</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="111"/>
        <source>Vomiting</source>
        <translation>Vómitos</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="112"/>
        <source>Dizziness</source>
        <translation>Mareo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="113"/>
        <source>Dissociation (feeling detached or unreal)</source>
        <translation>Disociación (sensación de desconexión o irrealidad)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="116"/>
        <source>Headache</source>
        <translation>Dolor de cabeza</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="117"/>
        <source>Raised blood pressure</source>
        <translation>Presión arterial elevada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="120"/>
        <source>Raised heart rate</source>
        <translation>Frecuencia cardíaca elevada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="121"/>
        <source>Anxiety</source>
        <translation>Ansiedad</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="122"/>
        <source>Other (say what)</source>
        <translation>Otro (diga cuál)</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="129"/>
        <source>Mild</source>
        <translation>Leve</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="130"/>
        <source>Moderate</source>
        <translation>Moderado</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/watch_words.py" line="131"/>
        <source>Severe</source>
        <translation>Intenso</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="99"/>
        <source>Welcome to %1</source>
        <translation>Le damos la bienvenida a %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="100"/>
        <source>Please check in here before your infusion.</source>
        <translation>Por favor, regístrese aquí antes de su infusión.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="101"/>
        <location filename="../../kiosk/ui/patient/welcome.py" line="103"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="102"/>
        <location filename="../../kiosk/ui/patient/welcome.py" line="104"/>
        <source>Text size</source>
        <translation>Tamaño de la letra</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="106"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="107"/>
        <source>Large</source>
        <translation>Grande</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="108"/>
        <source>Extra large</source>
        <translation>Muy grande</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="112"/>
        <source>Text size: %1</source>
        <translation>Tamaño de la letra: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="113"/>
        <source>Start</source>
        <translation>Comenzar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="114"/>
        <source>Start check-in</source>
        <translation>Comenzar el registro</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="115"/>
        <source>Getting ready…</source>
        <translation>Preparando…</translation>
    </message>
</context>
<context>
    <name>WitnessPanel</name>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="71"/>
        <source>Please ask a staff member to come to the kiosk. They sign in with their PIN to witness your consent.</source>
        <translation>Pida a un miembro del personal que venga al quiosco. Esa persona inicia sesión con su PIN para ser testigo de su consentimiento.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="76"/>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="126"/>
        <source>Staff: sign in to witness</source>
        <translation>Personal: inicie sesión para ser testigo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="90"/>
        <source>Sign in to witness this patient&apos;s consent.</source>
        <translation>Inicie sesión para ser testigo del consentimiento de este paciente.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="94"/>
        <source>Witness: %1</source>
        <translation>Testigo: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="96"/>
        <source>I, %1, witnessed this patient&apos;s consent</source>
        <translation>Yo, %1, fui testigo del consentimiento de este paciente</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="101"/>
        <source>Another staff member: sign in</source>
        <translation>Otro miembro del personal: iniciar sesión</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="112"/>
        <source>A staff member must sign in to witness your consent.</source>
        <translation>Un miembro del personal debe iniciar sesión para ser testigo de su consentimiento.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/sign_ways.py" line="115"/>
        <source>The staff member must tick “I, %1, witnessed this patient&apos;s consent”.</source>
        <translation>El miembro del personal debe marcar “Yo, %1, fui testigo del consentimiento de este paciente”.</translation>
    </message>
</context>
</TS>
