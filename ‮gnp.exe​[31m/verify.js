/* Cohort Desk: checks a certificate's verification code against the published list, in the
   browser, sending nothing anywhere. The code rules are a port of
   cohort_desk/rules/certificate_codes.py and verification_links.py (a test runs one table of
   cases through both); the sealing is documents/verification_data.py done with WebCrypto. */
"use strict";

const CohortDeskCodes = (function () {
  // Crockford's base 32; look-alikes a person may type map onto the alphabet.
  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const LOOK_ALIKES = { O: "0", I: "1", L: "1", U: "V" };
  // Exactly the characters Python's [\s\-\u2010-\u2015_.·] matches (JS's \s differs).
  const SEPARATORS = /[\t\n\v\f\r\x1c-\x20\x2d\x2e\x5f\x85\xa0\xb7\u1680\u2000-\u200a\u2010-\u2015\u2028\u2029\u202f\u205f\u3000]+/g;
  // Python's whitespace (str.strip and str.split), which is not quite JS's \s either.
  const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
  const SPLIT = new RegExp(`[${SPACE}]+`);
  const QR_PREFIX = "COHORT-DESK-CERT";
  const CODE_LENGTH = 12;
  const GROUP = 4;

  // GF(32) with x^5 + x^2 + 1: data character i has weight alpha^(i+1), the check character 1.
  const EXP = new Array(62).fill(0);
  const LOG = new Array(32).fill(0);
  let x = 1;
  for (let i = 0; i < 31; i++) {
    EXP[i] = EXP[i + 31] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0b100000) x ^= 0b100101;
  }
  const mul = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);
  function checkValue(values) {
    let total = 0;
    values.forEach((v, i) => { total ^= mul(EXP[i + 1], v); });
    return total;
  }

  function clean(text) {
    const chars = text.replace(SEPARATORS, "");
    if (!/^[\x00-\x7f]*$/.test(chars)) return chars;
    return Array.from(chars.toUpperCase(), (ch) => LOOK_ALIKES[ch] || ch).join("");
  }

  function wellFormed(chars) {
    return chars.length === CODE_LENGTH && Array.from(chars).every((ch) => ALPHABET.includes(ch));
  }

  /** "ok", "typo" (the check character disagrees) or "malformed". */
  function codeStatus(text) {
    const chars = clean(text);
    if (!wellFormed(chars)) return "malformed";
    const values = Array.from(chars, (ch) => ALPHABET.indexOf(ch));
    return checkValue(values.slice(0, -1)) === values[CODE_LENGTH - 1] ? "ok" : "typo";
  }

  /** The printed form, "7KQM-2XPA-9HD4", or null when it cannot be a code. */
  function normalise(text) {
    const chars = clean(text);
    if (!wellFormed(chars)) return null;
    const groups = [];
    for (let i = 0; i < chars.length; i += GROUP) groups.push(chars.slice(i, i + GROUP));
    return groups.join("-");
  }

  /** The code in a bare code, a whole verification link or the older QR text. */
  function codeFrom(text) {
    text = text.replace(TRIM, "");
    if (text.includes("#")) {
      const fragment = text.slice(text.lastIndexOf("#") + 1);
      try { return decodeURIComponent(fragment); } catch (e) { return fragment; }
    }
    const parts = text.split(SPLIT);
    if (parts.length === 3 && parts[0].toUpperCase() === QR_PREFIX) return parts[2];
    return text;
  }

  return { codeStatus, normalise, codeFrom };
})();

const CohortDeskPage = (function () {
  const LOOKUP_INFO = "cohort-desk verification lookup v1";
  const KEY_INFO = "cohort-desk verification key v1";
  const encoder = new TextEncoder();
  let latest = 0;

  function bytesFrom(base64) {
    const plain = base64.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(plain + "===".slice((plain.length + 3) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  }

  function base64url(bytes) {
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function openEntry(code, data) {
    const subtle = window.crypto.subtle;
    const password = await subtle.importKey(
      "raw", encoder.encode(code.replace(/-/g, "")), "PBKDF2", false, ["deriveBits"]);
    const seed = await subtle.deriveBits(
      { name: "PBKDF2", hash: "SHA-256", salt: bytesFrom(data.kdf.salt),
        iterations: data.kdf.iterations }, password, 256);
    const seedKey = await subtle.importKey("raw", seed, "HKDF", false, ["deriveBits", "deriveKey"]);
    const hkdf = (info) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0),
      info: encoder.encode(info) });
    const lookupBytes = new Uint8Array(await subtle.deriveBits(hkdf(LOOKUP_INFO), seedKey, 128));
    const lookup = base64url(lookupBytes);
    if (!Object.prototype.hasOwnProperty.call(data.entries, lookup)) return null;
    const key = await subtle.deriveKey(
      hkdf(KEY_INFO), seedKey, { name: "AES-GCM", length: 256 }, false, ["decrypt"]);
    const raw = bytesFrom(data.entries[lookup]);
    const plain = await subtle.decrypt(
      { name: "AES-GCM", iv: raw.slice(0, 12), additionalData: lookupBytes }, key, raw.slice(12));
    return JSON.parse(new TextDecoder().decode(plain));
  }

  function ukDate(iso) {
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function details(entry) {
    const list = element("dl", undefined, "details");
    const add = (term, value) => {
      if (value === null || value === undefined || value === "") return;
      list.append(element("dt", term), element("dd", String(value)));
    };
    add("Awarded to", entry.name);
    add(entry.kind === "completion" ? "For completing" : "For attending", entry.course);
    add("Programme", entry.programme);
    add("Dates", entry.dates);
    add("CPD hours", entry.cpd_hours);
    add("Certificate number", entry.number);
    add("Issued on", entry.issued && ukDate(entry.issued));
    add("Last re-printed on", entry.reprinted && ukDate(entry.reprinted));
    return list;
  }

  /** Shows one answer: kind is genuine, revoked, typo, not-found or problem. */
  function show(kind, heading, paragraphs, extra) {
    const result = document.getElementById("result");
    result.replaceChildren();
    result.className = `result panel ${kind}`;
    result.dataset.answer = kind;
    const title = element("h2", heading);
    title.tabIndex = -1;
    result.append(title);
    paragraphs.forEach((text) => result.append(element("p", text)));
    if (extra) result.append(extra);
    result.hidden = false;
    title.focus();
  }

  function published(data) {
    return data.published_text ? ` (list published ${data.published_text})` : "";
  }

  async function check(text, data) {
    const ticket = ++latest;
    const typed = CohortDeskCodes.codeFrom(text);
    const status = CohortDeskCodes.codeStatus(typed);
    if (status === "malformed") {
      show("problem", "That is not a verification code",
        ["A verification code has 12 letters and digits, like 7KQM-2XPA-9HD4. " +
         "Type it as printed beside the QR code."]);
      return;
    }
    if (status === "typo") {
      show("typo", "Check the code",
        ["One of the characters looks mistyped: the last character is a check, and it does " +
         "not match the others. Compare the code with the certificate and type it again."]);
      return;
    }
    const code = CohortDeskCodes.normalise(typed);
    if (!data) {
      show("problem", "The list of certificates is missing",
        ["This page could not load certificates.js, which should be beside it. " +
         "Ask the academy for the complete folder."]);
      return;
    }
    if (!window.crypto || !window.crypto.subtle) {
      show("problem", "This page must be opened over https",
        ["Browsers only check codes on secure pages. Open the address starting with " +
         "https://, or open the page straight from its folder."]);
      return;
    }
    let entry;
    try {
      entry = await openEntry(code, data);
    } catch (e) {
      if (ticket !== latest) return;
      show("problem", "The list of certificates is damaged",
        [`The entry for ${code} could not be read. Ask the academy to publish the list again.`]);
      return;
    }
    if (ticket !== latest) return; // a newer check was started meanwhile
    if (entry === null) {
      show("not-found", "Not found",
        [`No certificate with the code ${code} is in this list${published(data)}.`,
         "It may have been mistyped, issued after the list was published, or not issued by " +
         `${data.academy || "this academy"}.`]);
    } else if (entry.status === "revoked") {
      const paragraphs = [
        `Certificate ${entry.number}, issued to ${entry.name} on ${ukDate(entry.issued)}, ` +
        `was revoked on ${ukDate(entry.revoked)}. It no longer stands.`];
      if (entry.replaced_by) {
        paragraphs.push(`It was replaced by certificate ${entry.replaced_by}.`);
      }
      show("revoked", "This certificate was revoked", paragraphs, details(entry));
    } else {
      show("genuine", "Genuine certificate",
        [`Certificate ${entry.number} with the code ${code} was issued by ` +
         `${data.academy || "the academy"}.`], details(entry));
    }
  }

  function start() {
    const data = window.cohortDeskVerification || null;
    const form = document.getElementById("check-form");
    const input = document.getElementById("code");
    if (data && data.published_text) {
      document.getElementById("published").textContent =
        `This list was published on ${data.published_text}. Certificates issued after ` +
        "that are not in it yet.";
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      check(input.value, data);
    });
    const fromAddress = () => {
      const fragment = window.location.hash.slice(1);
      if (!fragment) return;
      input.value = CohortDeskCodes.codeFrom("#" + fragment);
      check(input.value, data);
    };
    window.addEventListener("hashchange", fromAddress);
    fromAddress();
  }

  return { start, check };
})();

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", CohortDeskPage.start);
} else {
  CohortDeskPage.start();
}
