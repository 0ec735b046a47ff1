<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>CrisisScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="23"/>
        <source>Thank you for telling us.</source>
        <translation>Gracias por contárnoslo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="28"/>
        <source>A nurse will come to talk with you soon. You are not alone, and we are here to help.</source>
        <translation>Una enfermera vendrá pronto a hablar con usted. No tiene que pasar por esto a solas: estamos aquí para ayudarle.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="36"/>
        <source>If you ever need to talk to someone right away, you can call or text %1, day or night. It is free and private.</source>
        <translation>Si alguna vez necesita hablar con alguien de inmediato, puede llamar o enviar un mensaje de texto al %1, de día o de noche. Es gratis y confidencial.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="44"/>
        <source>If you are in danger right now, tell the front desk or call %1.</source>
        <translation>Si está en peligro en este momento, avise en la recepción o llame al %1.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/crisis.py" line="51"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>DateOfBirthInput</name>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="25"/>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="25"/>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="25"/>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="26"/>
        <source>MM</source>
        <translation>MM</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="26"/>
        <source>DD</source>
        <translation>DD</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="26"/>
        <source>YYYY</source>
        <translation>AAAA</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="46"/>
        <source>Number pad for the date of birth</source>
        <translation>Teclado numérico para la fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/date_input.py" line="124"/>
        <source>That date does not exist.</source>
        <translation>Esa fecha no existe. Por favor, revísela.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="24"/>
        <source>You are already checked in.</source>
        <translation>Usted ya completó su registro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="26"/>
        <source>Thank you! You are all checked in.</source>
        <translation>¡Gracias! Su registro está completo.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="31"/>
        <source>Please take a seat. A nurse will call you soon.</source>
        <translation>Por favor, tome asiento. Una enfermera le llamará pronto.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/done.py" line="37"/>
        <source>Finish</source>
        <translation>Terminar</translation>
    </message>
</context>
<context>
    <name>HoursView</name>
    <message>
        <location filename="../../kiosk/ui/patient/questions.py" line="121"/>
        <location filename="../../kiosk/ui/patient/questions.py" line="123"/>
        <source>hours</source>
        <translation>horas</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="25"/>
        <source>Who are you?</source>
        <translation>Díganos quién es usted</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="28"/>
        <source>Please type your name and date of birth as on your ID.</source>
        <translation>Por favor, escriba su nombre y su fecha de nacimiento como aparecen en su identificación.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="33"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="34"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="36"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/identify.py" line="44"/>
        <location filename="../../kiosk/ui/patient/identify.py" line="45"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="55"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="56"/>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="57"/>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets/idle_overlay.py" line="59"/>
        <source>For your privacy, this screen will clear when the count reaches zero.</source>
        <translation>Por su privacidad, esta pantalla se borrará cuando la cuenta llegue a cero.</translation>
    </message>
</context>
<context>
    <name>ItemScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/item.py" line="25"/>
        <source>Question %1 of %2</source>
        <translation>Pregunta %1 de %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="137"/>
        <source>Check-in kiosk</source>
        <translation>Quiosco de registro</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="138"/>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/main_window.py" line="139"/>
        <source>Staff</source>
        <translation>Personal de la clínica</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <location filename="../../kiosk/ui/widgets/number_pad.py" line="30"/>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
</context>
<context>
    <name>PageScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/page.py" line="48"/>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/page.py" line="48"/>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>PdfView</name>
    <message>
        <location filename="../../kiosk/ui/patient/pdf_view.py" line="29"/>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="19"/>
        <source>Staff sign-in</source>
        <translation>Acceso del personal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="25"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="33"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="35"/>
        <source>Sign in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/staff/pin_dialog.py" line="44"/>
        <source>Staff only: enter your PIN</source>
        <translation>Solo para el personal: escriba su PIN</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="20"/>
        <source>Please answer this question.</source>
        <translation>Por favor, responda esta pregunta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="22"/>
        <source>Please enter a number.</source>
        <translation>Por favor, escriba un número.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="25"/>
        <source>Please enter a number from %1 to %2.</source>
        <translation>Por favor, escriba un número del %1 al %2.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="30"/>
        <source>Please enter a phone number with its area code, for example 555 010 0123.</source>
        <translation>Por favor, escriba un número de teléfono con su código de área, por ejemplo 555 010 0123.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="34"/>
        <source>This is too long. Please shorten it to %1 characters.</source>
        <translation>Es demasiado largo. Por favor, acórtelo a %1 caracteres.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="38"/>
        <source>The date of birth cannot be in the future.</source>
        <translation>La fecha de nacimiento no puede ser en el futuro.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="40"/>
        <source>Please check the year of your date of birth.</source>
        <translation>Por favor, revise el año de su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="43"/>
        <source>Please choose one of the answers.</source>
        <translation>Por favor, elija una de las respuestas.</translation>
    </message>
</context>
<context>
    <name>ReadPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="36"/>
        <source>Please read each part. Touch “I agree” under each one.</source>
        <translation>Por favor, lea cada parte. Toque “Acepto” debajo de cada una.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="44"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="58"/>
        <source>I agree</source>
        <translation>Acepto</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="46"/>
        <source>I agree: %1</source>
        <translation>Acepto: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="52"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="53"/>
        <source>Continue to sign</source>
        <translation>Continuar para firmar</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="120"/>
        <source>Your signed copy</source>
        <translation>Su copia firmada</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="123"/>
        <source>Please look it over. If it is right, touch “This is my signature”.</source>
        <translation>Por favor, revísela. Si todo está bien, toque “Esta es mi firma”.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="130"/>
        <source>This is my signature</source>
        <translation>Esta es mi firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="131"/>
        <source>I certify this is my signed consent</source>
        <translation>Certifico que este es mi consentimiento firmado</translation>
    </message>
</context>
<context>
    <name>ScreenFrame</name>
    <message>
        <location filename="../../kiosk/ui/patient/frame.py" line="56"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/frame.py" line="57"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
</context>
<context>
    <name>SignPage</name>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="83"/>
        <source>By signing, you are saying: “%1”</source>
        <translation>Al firmar, usted está diciendo: “%1”</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="90"/>
        <location filename="../../kiosk/ui/patient/consent.py" line="92"/>
        <source>Your name in print</source>
        <translation>Su nombre en letra de molde</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="98"/>
        <source>Sign here with your finger</source>
        <translation>Firme aquí con el dedo</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="101"/>
        <source>Clear signature</source>
        <translation>Borrar la firma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="104"/>
        <source>See my copy</source>
        <translation>Ver mi copia</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/consent.py" line="105"/>
        <source>See my signed copy</source>
        <translation>Ver mi copia firmada</translation>
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
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="78"/>
        <source>Welcome to %1</source>
        <translation>Le damos la bienvenida a %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="79"/>
        <source>Please check in here before your infusion.</source>
        <translation>Por favor, regístrese aquí antes de su infusión.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="80"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="81"/>
        <source>Text size</source>
        <translation>Tamaño de la letra</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="83"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="84"/>
        <source>Large</source>
        <translation>Grande</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="85"/>
        <source>Extra large</source>
        <translation>Muy grande</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="89"/>
        <source>Text size: %1</source>
        <translation>Tamaño de la letra: %1</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="90"/>
        <source>Start</source>
        <translation>Comenzar</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/patient/welcome.py" line="91"/>
        <source>Start check-in</source>
        <translation>Comenzar el registro</translation>
    </message>
</context>
</TS>
