/* Cohort Desk: the published list of certificates. Each entry opens only with its certificate's code. */
window.cohortDeskVerification = {"format":1,"academy":"South East London Systems Leadership Academy","published":"2026-12-05T13:56:16.837218+00:00","published_text":"5 December 2026 at 13:56","kdf":{"name":"PBKDF2-SHA256","salt":"5TNSCfpoi5bs5YOge4gd6w==","iterations":20000},"entries":{}};
