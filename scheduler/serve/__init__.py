"""`scheduler serve`: the published feeds over HTTP (starlette on uvicorn).

Feeds are served from memory: each revision's bytes, gzip, ETag and headers are
built once when the revision becomes current, so a request does a dictionary lookup
and a header comparison. Staff feeds are reachable only through their tokens.
"""
