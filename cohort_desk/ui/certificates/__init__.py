"""The Certificates room: the register of certificates, eligibility, issuing and the design."""
