"""The canary corpus's scenarios: each writes one helpdesk ticket (title, description, comments) in
its own words and context (prose, key=value, tables, signatures, four other languages) and plants
its values through the :class:`~evals.pii.writer.TicketWriter`.  Their order and wording are part
of the corpus (a seeded draw): changing them changes every ticket after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from evals.datafiles import load_table
from evals.pii.values import pick
from evals.pii.writer import TicketWriter

_PRODUCTS: tuple[str, ...] = load_table("pii_values")["products"]


@dataclass
class Draft:
    title: str
    description: str
    comments: str
    category: str = "IT"
    subcategory: str = "Access"
    location: str = "London HQ"


def _s_temp_password(t: TicketWriter) -> Draft:
    product = pick(t.rng, _PRODUCTS)
    me = t.me()
    desc = (f"Hi team,\n\nI was locked out of {product} this morning after KB5034441 installed. The service desk reset it "
            f"and the temporary password is {t.make('password_prose', 'prose')} but it says it has expired already. My "
            f"employee id is {t.make('employee_id', 'prose')}, and you can call me on {t.make('phone', 'prose')} "
            f"(I'm at my desk until 5).\n\nThanks,\n{t.name('signature', person=me, called=True)}")
    comments = (f"{t.stamp()} Agent: Spoke to {t.name('prose')} on the phone; new temporary password set to "
                f"{t.make('password_prose', 'prose')} (must be changed at first logon).\n"
                f"{t.stamp()} Agent: Account unlocked in AD, sync to {product} done.")
    return Draft(f"Locked out of {product} - account {t.make('employee_id', 'title')}", desc, comments)


def _s_service_config(t: TicketWriter) -> Draft:
    host = t.make("internal_fqdn", "key_value")
    desc = ("The nightly export on the reporting server fails with ERR_CONNECTION_RESET since the patching on "
            "2026-03-14. Config from the job below:\n\n"
            f"host = {host}\nport = 1433\nuser = svc_export\npassword = {t.make('password_kv', 'key_value')}\n"
            f"api_key: {t.make('generic_api_key_near_word', 'key_value')}\n"
            f"ConnectionString=Server={t.make('internal_fqdn', 'key_value')};Database=Reporting;User Id=svc_export;"
            f"Password={t.make('connection_string_password', 'key_value')};Encrypt=True;\n\n"
            "Error 0x80131904 after 30 s, SQL Server 16.0.4125.3.")
    comments = (f"{t.stamp()} Agent: Please don't paste credentials in tickets - rotating them now. Firewall rule "
                f"for {t.make('ipv4', 'prose')} added on the SQL side.\n"
                f"{t.stamp()} Agent: Export ran fine at 02:00; closing.")
    return Draft("Nightly export job failing with ERR_CONNECTION_RESET", desc, comments, subcategory="Application")


def _s_cloud_keys(t: TicketWriter) -> Draft:
    desc = ("Found these in a text file on the Finance share (\\\\fileshare\\finance\\scripts\\old):\n\n"
            f"aws_access_key_id = {t.make('aws_access_key_id', 'key_value')}\n"
            f"aws_secret_access_key = {t.make('aws_secret_key', 'key_value')}\n"
            f"STRIPE_SECRET_KEY={t.make('stripe_key', 'key_value')}\n"
            f"SLACK_BOT_TOKEN={t.make('slack_token', 'key_value')}\n"
            f"GITHUB_TOKEN: {t.make('github_token', 'key_value')}\n\nPlease revoke them.")
    comments = (f"{t.stamp()} Agent: Also found the GitHub token {t.make('github_token', 'prose')} in a README in the "
                f"same folder; revoked at 14:20. The test key {t.make('stripe_key', 'prose', prefix='sk_test_')} was "
                f"rolled in the Stripe dashboard, and the old access key {t.make('aws_access_key_id', 'prose')} with "
                f"secret {t.make('aws_secret_key', 'prose')} is deactivated in IAM.\n"
                f"{t.stamp()} Agent: The Slack token {t.make('slack_token', 'prose')} was revoked by the Slack admins, "
                f"and the Mailchimp API key {t.make('generic_api_key_near_word', 'prose')} next to it too.")
    return Draft("Leaked cloud credentials found on shared drive", desc, comments, "Security", "Incident")


def _s_api_debug(t: TicketWriter) -> Draft:
    desc = (f"Calling the HR portal API with\ncurl -H \"Authorization: Bearer {t.make('bearer_token', 'prose')}\" "
            "https://api.workday.com/v1/workers returns 401 Unauthorized since version 2.4.1 of the connector. "
            f"The id token I got from the sign-in was {t.make('jwt', 'prose')} if that helps.")
    comments = (f"{t.stamp()} Requester: Retried with these headers, same result:\n"
                f"Authorization: Bearer {t.make('bearer_token', 'key_value')}\n"
                f"X-Api-Key: {t.make('generic_api_key_near_word', 'key_value')}\n"
                f"id_token={t.make('jwt', 'key_value')}\n"
                f"{t.stamp()} Agent: The client secret had expired (AADSTS7000222); renewed in Entra ID.")
    return Draft("HR portal API returns 401 Unauthorized", desc, comments, subcategory="Integration")


def _s_ssh_key(t: TicketWriter) -> Draft:
    host = t.make("internal_fqdn", "prose")
    desc = (f"Our pipeline can't log in to {host} any more (Permission denied (publickey)). This is the key it uses:\n\n"
            f"{t.make('private_key_block', 'prose')}\n\nThe server answers on {t.make('ipv4', 'prose')} port 22.")
    indented = t.make("private_key_block", "key_value", indent="  ")
    comments = (f"{t.stamp()} Agent: Please never post private keys; generating a new pair. The old one is also in the "
                f"vault config, removing it:\nssh_private_key: |\n{indented}\n"
                f"{t.stamp()} Agent: New deploy key added in Jenkins 2.440.3; build 1482 passed.")
    return Draft("Deploy key not accepted by build server", desc, comments, subcategory="DevOps")


def _s_handover_table(t: TicketWriter) -> Draft:
    rows = []
    for i in range(3):
        rows.append(f"| {t.name('table')} | {t.make('employee_id', 'table')} | {t.make('phone', 'table')} | "
                    f"LT-0{4512 + 17 * i} | {t.make('ipv4', 'table')} | {t.make('mac_address', 'table')} |")
    desc = ("Please prepare laptops for the new starters below (Windows 11 23H2, Office build 16.0.17928.20114):\n\n"
            "| Name | Employee ID | Mobile | Asset | IP | MAC |\n|---|---|---|---|---|---|\n" + "\n".join(rows))
    comments = (f"{t.stamp()} Agent: Imaged and ready for collection on the 3rd floor; reserved IPs on "
                f"{t.make('internal_fqdn', 'table')} DHCP scope.")
    return Draft("Laptop handover for new starters - week 14", desc, comments, "IT", "Laptop")


def _s_payroll_tabs(t: TicketWriter) -> Draft:
    lines = ["Name\tDate of birth\tNI number\tStart date"]
    for i in range(3):
        lines.append(f"{t.name('table')}\t{t.make('date_of_birth', 'table')}\t{t.make('uk_nino', 'table')}\t2026-0{4 + i}-01")
    desc = ("The new joiners below are not showing in the payroll system (pasted from the HR spreadsheet):\n\n"
            + "\n".join(lines) + "\n\nCan you check the Workday to ADP interface? Error WD-4032 in the log.")
    comments = (f"{t.stamp()} Agent: Interface job re-run; all three visible in ADP now.\n"
                f"{t.stamp()} Agent: Service account password column removed from the sheet:\n"
                f"account\tpassword\nsvc_adp_sync\t{t.make('password_kv', 'table')}")
    return Draft("New joiners not showing in payroll system", desc, comments, "HR", "Payroll")


def _s_bank_change(t: TicketWriter) -> Draft:
    desc = (f"Please update my bank details for the next pay run to IBAN {t.make('iban', 'prose')}. For verification "
            f"my National Insurance number is {t.make('uk_nino', 'prose')} and my date of birth is "
            f"{t.make('date_of_birth', 'prose')}. I have also moved: my new address is {t.make('street_address', 'prose')}.")
    comments = (f"{t.stamp()} Agent: Verified with the employee. The occupational health form attached also had the "
                f"NHS number {t.make('uk_nhs_number', 'prose')} on it - removed the attachment.\n"
                f"{t.stamp()} Agent: Bank details updated in ADP, effective from the next pay run.")
    return Draft("Update bank account for salary", desc, comments, "HR", "Payroll")


def _s_hr_form(t: TicketWriter) -> Draft:
    desc = ("The occupational health referral form fails to submit (HTTP 500). The fields I entered:\n\n"
            f"Name: {t.name('key_value')}\nDate of birth: {t.make('date_of_birth', 'key_value')}\n"
            f"NI number: {t.make('uk_nino', 'key_value')}\nNHS number: {t.make('uk_nhs_number', 'key_value')}\n"
            f"Postcode: {t.make('uk_postcode', 'key_value')}\nIBAN: {t.make('iban', 'key_value')}\n"
            f"Employee ID: {t.make('employee_id', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Known issue with the form after release 3.12.0; fixed by the vendor.\n"
                f"{t.stamp()} Requester: I work from home most days, my postcode is {t.make('uk_postcode', 'prose')} "
                "if the courier needs it.")
    return Draft("Occupational health form fails to submit", desc, comments, "HR", "Forms")


def _s_signature(t: TicketWriter) -> Draft:
    me = t.me()
    address = t.make("street_address", "signature", sep="\n")
    desc = ("Hello,\n\nThe printer PRN-3A-01 on floor 3 keeps jamming on the second tray (error 13.B2.D2). It started "
            "after the firmware update on Monday.\n\nKind regards,\n\n"
            f"{t.name('signature', person=me)}\nSenior Accountant, Finance\n"
            f"T: {t.make('phone', 'signature', region='uk')} | M: {t.make('phone', 'signature', region='uk')}\n"
            f"E: {t.make('email', 'signature')}\n{address}")
    comments = (f"{t.stamp()} Agent: Pick-up roller replaced; test page fine.\n"
                f"{t.stamp()} Requester: Thanks! Working again.\n\n{t.name('signature', person=me, called=True)}")
    return Draft("Printer PRN-3A-01 keeps jamming", desc, comments, "IT", "Printer")


def _s_us_signature(t: TicketWriter) -> Draft:
    desc = ("Hi,\n\nMy Okta Verify push notifications stopped arriving after I got a new phone (iOS 17.4.1). I can "
            "still use the code.\n\nBest,\n"
            f"{t.name('signature')}\nRegional Sales Manager\nOffice {t.make('phone', 'signature', region='us')}\n"
            f"{t.make('us_zip_in_address', 'signature', sep=chr(10))}\nEmail: {t.make('obfuscated_email', 'signature')}")
    comments = (f"{t.stamp()} Agent: Re-enrolled the device in Okta; pushes arrive again.\n"
                f"{t.stamp()} Requester: Please ship the replacement YubiKey to {t.make('us_zip_in_address', 'prose')}.")
    return Draft("Okta Verify push notifications not arriving", desc, comments, "IT", "MFA")


def _s_network(t: TicketWriter) -> Draft:
    gw = t.make("internal_fqdn", "prose")
    desc = ("Since KB5034441 my VPN (GlobalProtect 6.1.3) drops every 10 minutes. "
            f"My laptop gets {t.make('ipv4', 'prose')} and {t.make('ipv6', 'prose')}, and the gateway {gw} resolves "
            f"to {t.make('ipv4', 'prose')}. The Wi-Fi adapter's MAC is {t.make('mac_address', 'prose')}. "
            "ipconfig says:\n\n"
            f"   IPv4 Address. . . . . . . . . . . : {t.make('ipv4', 'key_value')}\n"
            f"   Link-local IPv6 Address . . . . . : {t.make('ipv6', 'key_value')}\n"
            f"   Physical Address. . . . . . . . . : {t.make('mac_address', 'key_value')}\n"
            f"   DNS Servers . . . . . . . . . . . : {t.make('ipv4', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Traceroute shows loss at {t.make('ipv4', 'prose')}; raised with the network team "
                f"(CHG0031245).\n{t.stamp()} Agent: MTU set to 1400 on the gateway, no drops since.")
    return Draft("VPN drops every 10 minutes", desc, comments, "IT", "VPN")


def _s_us_benefits(t: TicketWriter) -> Draft:
    desc = (f"I can't enrol in benefits: Workday says my SSN {t.make('us_ssn_valid', 'prose')} does not match. "
            f"HR seem to have SSN {t.make('us_ssn_checksum_invalid', 'prose')} on file, which is wrong. "
            f"My date of birth is {t.make('date_of_birth', 'prose')}, home address "
            f"{t.make('us_zip_in_address', 'prose')}.")
    comments = (f"{t.stamp()} Agent: Record corrected by HR Ops:\nSSN: {t.make('us_ssn_valid', 'key_value')}\n"
                f"Previous SSN: {t.make('us_ssn_checksum_invalid', 'key_value')}\nDOB: {t.make('date_of_birth', 'key_value')}\n"
                f"{t.stamp()} Agent: Enrolment window re-opened until Friday.")
    return Draft("Cannot enrol in benefits - SSN mismatch", desc, comments, "HR", "Benefits")


def _s_card(t: TicketWriter) -> Draft:
    desc = (f"The travel card {t.make('credit_card', 'prose')} was declined at the hotel in Madrid last night, "
            "although Concur shows budget left. Expense report ER-20931.")
    comments = (f"{t.stamp()} Agent: Card programme team say the following cards were blocked by the fraud rule:\n\n"
                "| Card | Holder | Expiry |\n|---|---|---|\n"
                f"| {t.make('credit_card', 'table')} | {t.name('table')} | 09/28 |\n"
                f"| {t.make('credit_card', 'table')} | {t.name('table')} | 11/27 |\n"
                f"{t.stamp()} Agent: Unblocked; refund of the fee goes to {t.make('iban', 'prose')}.")
    return Draft("Corporate travel card declined", desc, comments, "Finance", "Expenses")


def _s_obfuscated(t: TicketWriter) -> Draft:
    desc = (f"Please send the invoice copy to {t.make('obfuscated_email', 'prose')} - my normal address bounces with "
            f"550 5.1.1. Or cc {t.make('email', 'prose')}. Supplier ref PO-884213.")
    comments = (f"{t.stamp()} Agent: Sent to the supplier contact {t.make('obfuscated_email', 'prose')} as asked.\n"
                f"{t.stamp()} Agent: Mailbox quota raised to 100 GB; bounces stopped.")
    return Draft("Invoice copy needed - mail bouncing", desc, comments, "Finance", "Invoices")


def _s_event_wifi(t: TicketWriter) -> Draft:
    desc = (f"For the offsite on 2026-05-12 the guest Wi-Fi password is {t.make('wifi_psk', 'prose')} and the "
            f"server room door PIN is {t.make('pin', 'prose')}; can you check both work before Monday?\n\n"
            f"SSID: Offsite-Guest\nPSK: {t.make('wifi_psk', 'key_value')}\nDoor PIN: {t.make('pin', 'key_value')}\n"
            f"Alarm code PIN={t.make('pin', 'key_value')}")
    comments = (f"{t.stamp()} Agent: Tested on site; the access point AP-2F-07 needed a reboot.\n"
                f"{t.stamp()} Agent: Changed the guest key to {t.make('wifi_psk', 'prose')} after the event.")
    return Draft("Wi-Fi and door access for offsite", desc, comments, "Facilities", "Events")


def _s_db_url(t: TicketWriter) -> Draft:
    host = t.make("internal_fqdn", "prose")
    pw = t.make("connection_string_password", "prose", url="yes")
    desc = (f"The dashboard can't reach the database since yesterday. It connects with "
            f"postgresql://svc_reports:{pw}@{host}:5432/reports and times out after 30 s "
            "(psql 16.2, Power BI gateway 3000.202.13). Ping to the host works.")
    comments = (f"{t.stamp()} Requester: Tried the other replica with Server={t.make('internal_fqdn', 'prose')};"
                f"Uid=svc_reports;Pwd={t.make('connection_string_password', 'key_value')}; - same.\n"
                f"{t.stamp()} Agent: pg_hba.conf was missing the gateway subnet; fixed.")
    return Draft("Reporting dashboard cannot reach database", desc, comments, "IT", "Database")


def _s_title_person(t: TicketWriter) -> Draft:
    who = t.person()
    title = f"Access to the Finance share for {t.name('title', person=who)}"
    desc = (f"Please give {t.name('prose', person=who)} read access to \\\\fileshare\\finance (same as mine). "
            f"Employee number {t.make('employee_id', 'prose')}, contact {t.make('email', 'prose')} or "
            f"{t.make('phone', 'prose')}. Approved by {t.name('prose')}.")
    comments = f"{t.stamp()} Agent: Added to FIN-Share-Read; takes effect at next logon."
    return Draft(title, desc, comments, "IT", "Access")


@dataclass(frozen=True)
class _Localised:
    """A ticket written in another language: ``{kind}`` in the texts plants a value of that kind (in the
    order written), ``{name}`` the requester's name, ``{stamp}`` a comment's timestamp."""

    lang: str
    title: str
    description: str
    comments: str
    subcategory: str
    location: str


_SLOT = re.compile(r"\{(\w+)\}")


def _in_language(t: TicketWriter, ticket: _Localised) -> Draft:
    me = t.me(ticket.lang)
    ctx = f"language:{ticket.lang}"

    def fill(m: re.Match[str]) -> str:
        slot = m.group(1)
        if slot == "name":
            return t.name(ctx, person=me)
        if slot == "stamp":
            return t.stamp()
        return t.make(slot, ctx)

    desc = _SLOT.sub(fill, ticket.description)
    comments = _SLOT.sub(fill, ticket.comments)
    return Draft(ticket.title, desc, comments, "IT", ticket.subcategory, ticket.location)


_GERMAN = _Localised(
    "de", "Kein Zugriff auf das Postfach nach Passwortänderung",
    "Hallo zusammen,\n\nseit heute Morgen komme ich nicht mehr in mein Postfach. Das temporäre Passwort lautet "
    "{password_prose}, funktioniert aber nicht. Meine Telefonnummer ist {phone}. "
    "Bitte überweisen Sie die Erstattung auf IBAN {iban}. Geburtsdatum: {date_of_birth}. "
    "Adresse: {street_address}. Mein Rechner hat die IP {ipv4}.\n\n"
    "Viele Grüße\n{name}",
    "{stamp} Agent: Das WLAN-Passwort für das Gästenetz lautet {wifi_psk}. "
    "Die Zugangs-PIN für den Serverraum ist {pin}.\n"
    "{stamp} Agent: Postfach entsperrt, Outlook 16.0.17928.20114 neu verbunden.",
    "Email", "Berlin")
_FRENCH = _Localised(
    "fr", "Impossible de se connecter au VPN",
    "Bonjour,\n\nJe n'arrive plus à me connecter au VPN depuis la mise à jour. Le mot de passe temporaire est "
    "{password_prose} mais il est refusé. Mon numéro de téléphone est le {phone}, "
    "et mon adresse : {street_address}. Date de naissance : {date_of_birth}. "
    "Mon courriel personnel : {email}.\n\nCordialement,\n{name}",
    "{stamp} Agent: Le remboursement sera versé sur l'IBAN {iban}. "
    "Le code PIN du badge est {pin}.\n"
    "{stamp} Agent: Profil GlobalProtect 6.1.3 réinstallé, connexion OK.",
    "VPN", "Remote")
_SPANISH = _Localised(
    "es", "No puedo acceder a SAP",
    "Hola,\n\nNo puedo acceder a SAP desde ayer. La contraseña temporal es {password_prose}. "
    "Mi teléfono es {phone} y mi dirección es {street_address}. "
    "Fecha de nacimiento: {date_of_birth}. IBAN para el reembolso: {iban}.\n\n"
    "Saludos,\n{name}",
    "{stamp} Agent: La clave de la red wifi de invitados es {wifi_psk}. "
    "Correo de contacto: {email}.\n"
    "{stamp} Agent: Usuario desbloqueado en SAP GUI 8.00.",
    "Access", "Remote")
_VIETNAMESE = _Localised(
    "vi", "Không đăng nhập được Outlook",
    "Xin chào,\n\nTôi không đăng nhập được vào Outlook từ sáng nay. Mật khẩu tạm thời là "
    "{password_prose}. Số điện thoại của tôi là {phone}. "
    "Địa chỉ: {street_address}. Ngày sinh: {date_of_birth}. "
    "Email: {email}.\n\nCảm ơn,\n{name}",
    "{stamp} Agent: Mật khẩu wifi khách là {wifi_psk}. "
    "Mã PIN cửa phòng máy chủ là {pin}.\n"
    "{stamp} Agent: Tài khoản đã được mở khóa, lỗi 0x80070005 đã hết.",
    "Email", "Remote")


def _s_german(t: TicketWriter) -> Draft:
    return _in_language(t, _GERMAN)


def _s_french(t: TicketWriter) -> Draft:
    return _in_language(t, _FRENCH)


def _s_spanish(t: TicketWriter) -> Draft:
    return _in_language(t, _SPANISH)


def _s_vietnamese(t: TicketWriter) -> Draft:
    return _in_language(t, _VIETNAMESE)


SCENARIOS: tuple[Callable[[TicketWriter], Draft], ...] = (
    _s_temp_password, _s_service_config, _s_cloud_keys, _s_api_debug, _s_ssh_key, _s_handover_table, _s_payroll_tabs,
    _s_bank_change, _s_hr_form, _s_signature, _s_us_signature, _s_network, _s_us_benefits, _s_card, _s_obfuscated,
    _s_event_wifi, _s_db_url, _s_title_person, _s_german, _s_french, _s_spanish, _s_vietnamese,
)
