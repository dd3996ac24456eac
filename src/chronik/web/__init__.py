"""The web UI: server-rendered pages (Jinja2, autoescaped) over the knowledge base."""
