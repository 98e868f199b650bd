"""Calendar feeds: what members see of each occurrence, which feeds hold it, and the
iCalendar bytes. `solve` (through the `ics` and `feeds` exporters) and `publish` share
this code, so a published feed and a solved one differ only in their history fields
(SEQUENCE, DTSTAMP, CREATED, LAST-MODIFIED, cancelled events)."""
