"""Allows ``python -m cohort_desk``."""

from cohort_desk.app import main

raise SystemExit(main())
