"""The headings lists of people use for each field, in English and in the languages of the
academy's partners and of the forms and exports they send: German, French, Spanish, Polish and
Portuguese. Written as people type them; headers.py compares them without case, accents,
spaces or punctuation ("E-Mail-Adresse" == "email adresse")."""

from __future__ import annotations

# field -> headings, "|"-separated. None: form and learning-system metadata that must never be
# taken for a person's details.
HEADINGS: dict[str | None, str] = {
    "title": "title|salutation|honorific|prefix"
    "|anrede|titel|akademischer titel"
    "|civilité|titre"
    "|tratamiento|título"
    "|tytuł|tytuł naukowy|zwrot grzecznościowy"
    "|tratamento",
    "given_name": "first|first name|forename|forenames|given name|given names|first names|fname"
    "|vorname|vornamen"
    "|prénom|prénoms"
    "|nombre de pila|nombres|primer nombre"
    "|imię|imiona"
    "|primeiro nome|nome próprio|prenome",
    "family_name": "last|last name|surname|family name|lname|second name"
    "|nachname|familienname|zuname"
    "|nom de famille"
    "|apellido|apellidos|primer apellido"
    "|nazwisko"
    "|apelido|apelidos|sobrenome|último nome",
    "full_name": "name|full name|your name|participant name|display name|delegate name"
    "|attendee name|learner name|participant|name of participant|respondent name"
    "|vollständiger name|teilnehmer|teilnehmername|anzeigename"
    "|nom|nom complet|nom et prénom|prénom et nom|nom prénom|prénom nom"
    "|nombre|nombre completo|nombre y apellidos|participante"
    "|imię i nazwisko|uczestnik|nazwa uczestnika"
    "|nome|nome completo",
    "preferred_name": "preferred name|known as|nickname",
    "email": "email|email address|work email|nhs.net email|nhsmail|email id|mail"
    "|email of the respondent|respondent email|work email address|nhs.net email address"
    "|nhs email"
    "|e-mail-adresse|email-adresse|e-mail adresse|dienstliche e-mail"
    "|courriel|adresse e-mail|adresse électronique|adresse mail|adresse courriel"
    "|correo|correo electrónico|dirección de correo|dirección de correo electrónico|correo-e"
    "|adres e-mail|adres email|adres poczty elektronicznej|poczta elektroniczna"
    "|correio eletrónico|correio eletrônico|endereço de email|endereço de e-mail"
    "|endereço eletrónico|endereço eletrônico",
    "organisation": "organisation|organization|employer|trust|company|institution"
    "|organisation employer|employing organisation|place of work|workplace"
    "|organisation name|trust name"
    "|arbeitgeber|einrichtung|firma|unternehmen|organisationsname"
    "|organisme|employeur|établissement|entreprise|structure|société"
    "|organización|empresa|entidad|institución|empleador|centro de trabajo"
    "|organizacja|instytucja|pracodawca|miejsce pracy|jednostka"
    "|organização|instituição|entidade|empregador|local de trabalho",
    "job_title": "job title|role|position|job role|job|designation|current role|post"
    "|job title role|role title"
    "|funktion|stelle|berufsbezeichnung|jobtitel|stellenbezeichnung|tätigkeit"
    "|poste|fonction|intitulé du poste|titre du poste"
    "|cargo|puesto|puesto de trabajo|función"
    "|stanowisko|funkcja"
    "|função|posto",
    "profession": "profession|professional group|staff group|discipline"
    "|professional background|staff group profession"
    "|beruf|berufsgruppe|fachrichtung"
    "|métier|groupe professionnel"
    "|profesión|categoría profesional"
    "|zawód|grupa zawodowa|profesja"
    "|profissão|categoria profissional|grupo profissional",
    "borough": "borough|place|local authority|borough place"
    "|bezirk|stadtbezirk"
    "|arrondissement"
    "|distrito|municipio"
    "|dzielnica|gmina"
    "|concelho|município",
    "phone": "phone|telephone|mobile|tel|phone number|telephone number|mobile number"
    "|contact number|mobile phone|work phone"
    "|telefon|telefonnummer|handy|mobilnummer|mobiltelefon"
    "|téléphone|portable|numéro de téléphone|tél"
    "|teléfono|móvil|número de teléfono|celular"
    "|numer telefonu|komórka|telefon komórkowy"
    "|telefone|telemóvel|número de telefone",
    "interests": "interests|interest|areas of interest|area of interest"
    "|interessen"
    "|intérêts|centres d'intérêt"
    "|intereses|áreas de interés"
    "|zainteresowania"
    "|interesses|áreas de interesse",
    None: "id|start time|completion time|last modified time|timestamp|username|department"
    "|user id|response id|submitted|submission date",
}

# A bare "Name" is the surname beside a first-name column (German Name/Vorname, French
# Nom/Prénom) and the first name beside a surname column (Spanish Nombre/Apellidos,
# Portuguese Nome/Sobrenome); alone it is the whole name.
BARE_NAMES = frozenset({"name", "nom", "nombre", "nome"})

# Longer questions ("What is your first name?", "Adres e-mail służbowy") are matched on
# words, in this order; the first pattern drops questions about someone else.
CONTAINS: tuple[tuple[str, str | None], ...] = (
    (
        r"\b(manager|sponsor|supervisor|mentor|referrer|nominator|assistant|emergency|consent|"
        r"agree|permission|share|receive|newsletter)\b",
        None,
    ),
    (
        r"\b(first|given|fore) ?names?\b|\bforename|\b(vorname|prenom|imie|primeiro nome)\b",
        "given_name",
    ),
    (
        r"\b(surname|last name|family name|nachname|nom de famille|apellidos?|nazwisko|"
        r"sobrenome)\b",
        "family_name",
    ),
    (r"\b(preferred name|known as)\b", "preferred_name"),
    (r"\be ?mail\b|\b(courriel|correo|correio)\b", "email"),
    (r"\b(job title|job role|role|position|stanowisko|cargo|poste)\b", "job_title"),
    (
        r"\b(organi[sz]ation|employer|trust|place of work|workplace|organizacja|organizacion|"
        r"organizacao|arbeitgeber|employeur)\b",
        "organisation",
    ),
    (
        r"\b(profession|professional group|staff group|beruf|zawod|profesion|profissao)\b",
        "profession",
    ),
    (r"\b(borough|local authority)\b", "borough"),
    (r"\b(phone|telephone|mobile|telefon|telefono|telefone)\b", "phone"),
    (r"\binterests?\b", "interests"),
    (r"\b(full name|your name|participant name|display name)\b|^name\b", "full_name"),
)
