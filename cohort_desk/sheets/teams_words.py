"""The words Teams writes in its attendance reports, in the display languages seen in the
academy's partners' files: English, German, French, Spanish, Polish and Portuguese.

Compared after rules.headers.heading_words (lower case, no accents, punctuation as spaces), so
"Pierwsze dołączenie" is written here as it appears and matched as "pierwsze dolaczenie".
"""

from __future__ import annotations

import re

from cohort_desk.rules.headers import heading_words

# Table columns: key -> headings, "|"-separated.
_COLUMNS = {
    "name": "name|full name|participant|display name"
    "|vollständiger name|teilnehmer|teilnehmername"
    "|nom|nom complet|participant"
    "|nombre|nombre completo|participante"
    "|imię i nazwisko|nazwa|uczestnik|pełna nazwa"
    "|nome|nome completo",
    "join": "first join|join time|first join time|joined"
    "|erster beitritt|beitrittszeit|erste teilnahme|zeitpunkt des beitritts|beigetreten"
    "|première participation|première arrivée|heure d'arrivée|heure de participation"
    "|première connexion|heure de connexion"
    "|primera unión|primera entrada|hora de unión|hora de entrada|primera conexión"
    "|hora de incorporación"
    "|pierwsze dołączenie|czas dołączenia|godzina dołączenia|dołączenie"
    "|primeira entrada|primeiro ingresso|horário de entrada|hora de entrada|entrada",
    "leave": "last leave|leave time|last leave time|left"
    "|letztes verlassen|verlassenszeit|zeitpunkt des verlassens|letzter austritt"
    "|dernier départ|heure de départ|dernière sortie|heure de sortie"
    "|última salida|hora de salida|última partida|hora de abandono"
    "|ostatnie wyjście|ostatnie opuszczenie|czas wyjścia|godzina wyjścia|wyjście"
    "|última saída|horário de saída|hora de saída|saída",
    "email": "email|e-mail|email address|e-mail address"
    "|e-mail-adresse|e-mail adresse"
    "|adresse e-mail|courriel|adresse de messagerie"
    "|correo electrónico|correo|dirección de correo electrónico"
    "|adres e-mail|adres email"
    "|endereço de email|endereço de e-mail|correio eletrónico|correio eletrônico",
    "role": "role|rolle|funktion|rôle|rol|función|rola|função|papel",
    "action": "user action|activity|action"
    "|benutzeraktion|aktion|aktivität"
    "|action de l'utilisateur|activité"
    "|acción del usuario|acción|actividad"
    "|akcja użytkownika|akcja|aktywność"
    "|ação do usuário|ação do utilizador|ação|atividade",
    "stamp": "timestamp|time|date and time"
    "|zeitstempel|zeit|uhrzeit"
    "|horodatage|heure|date et heure"
    "|marca de tiempo|marca de hora|hora|fecha y hora"
    "|sygnatura czasowa|znacznik czasu|czas|data i godzina"
    "|carimbo de data/hora|data/hora|hora|data e hora",
}
# The summary lines above the tables: key -> labels.
_SUMMARY = {
    "title": "meeting title|title"
    "|besprechungstitel|titel der besprechung|titel"
    "|titre de la réunion|titre"
    "|título de la reunión|título"
    "|tytuł spotkania|tytuł"
    "|título da reunião",
    "start": "start time|meeting start time"
    "|startzeit|beginn|anfangszeit|besprechungsbeginn"
    "|heure de début|heure de début de la réunion"
    "|hora de inicio|hora de comienzo|hora de inicio de la reunión"
    "|godzina rozpoczęcia|czas rozpoczęcia|rozpoczęcie"
    "|hora de início|horário de início|hora de início da reunião",
    "end": "end time|meeting end time"
    "|endzeit|ende|besprechungsende"
    "|heure de fin|heure de fin de la réunion"
    "|hora de finalización|hora de fin|hora de finalización de la reunión"
    "|godzina zakończenia|czas zakończenia|zakończenie"
    "|hora de término|horário de término|hora de fim|hora de término da reunião",
}
# The oldest log says what each line was: someone joining or leaving.
_LEFT = (
    r"left|hat verlassen|verlassen|a quitte|quitte|parti|salio|abandono|se fue|"
    r"opuscil\w*|opuszczon\w*|wyszl\w*|wyszed\w*|saiu|sai|deixou"
)
_JOINED = (
    r"joined|joined before|beigetreten|vorher beigetreten|a rejoint|rejoint|se unio|unido|"
    r"dolaczyl\w*|dolaczon\w*|dolaczenie|entrou|ingressou|participou"
)


def _table(groups: dict[str, str]) -> dict[str, str]:
    return {
        heading_words(label): key for key, labels in groups.items() for label in labels.split("|")
    }


COLUMNS = _table(_COLUMNS)
SUMMARY = _table(_SUMMARY)
LEFT_ACTION = re.compile(rf"^(?:{_LEFT})\b")
JOIN_ACTION = re.compile(rf"^(?:{_JOINED})\b")


def column_key(heading: str) -> str | None:
    """Which column of a report a heading names; any heading naming the UPN is the account."""
    words = heading_words(heading)
    if "upn" in words.split():
        return "upn"
    return COLUMNS.get(words)
