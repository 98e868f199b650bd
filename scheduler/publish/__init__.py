"""Publishing with history: each revision of a plan's feeds goes into an SQLite
database, so that re-publishing keeps unchanged events byte-identical, bumps the
SEQUENCE of changed ones and keeps removed ones for a while as cancelled."""
