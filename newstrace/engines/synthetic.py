"""Synthetic news corpora for scale tests and ``bench/scale.py``: fast, deterministic, realistic enough.

Articles are assembled from sentence templates and word lists written for this module (fictional
war and politics reporting: datelines, attributed quotes, hedges, figures, places, relative
dates), with per-outlet furniture lines (newsletter prompts, share bars, photo credits) above and
below the body, and a share of copies (wire stories republished by another outlet, lightly
edited). Lengths vary around ``mean_words``. Written as JSON Lines files of ``per_file`` records
(the format large corpora arrive in), optionally plus a few plain-text files.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass

PLACES = ["Kyiv", "Odesa", "Kharkiv", "Kherson", "Lviv", "Dnipro", "Zaporizhzhia", "Mykolaiv", "Sumy", "Chernihiv",
          "Poltava", "Vinnytsia", "Warsaw", "Brussels", "Berlin", "Ankara", "Geneva", "Chisinau"]
PEOPLE = ["Olena Marchuk", "Taras Hrytsenko", "Iryna Bondar", "Mykola Savchuk", "Anna Kowalska", "Pieter Janssen",
          "Lena Vogel", "Emre Aydin", "Sofia Rusu", "Daniel Moreau", "Oksana Lytvyn", "Andriy Koval"]
ROLES = ["the regional governor", "a defence ministry spokesperson", "the mayor", "a senior diplomat",
         "the head of the port authority", "an energy ministry official", "a local council member",
         "a military analyst"]
ORGS = ["the United Nations", "the Red Cross", "the European Commission", "the World Food Programme",
        "the energy ministry", "the state railway", "the port authority", "the central bank"]
THINGS = ["drones", "missiles", "grain barges", "rail cars", "generators", "shells", "evacuees", "aid trucks"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "yesterday", "last week",
        "earlier this month", "overnight", "on Sunday evening"]
VERBS = ["said", "told reporters", "wrote on Telegram", "said in a statement", "confirmed", "claimed"]
HEDGES = ["reportedly", "according to preliminary data", "officials said", "it was not possible to verify",
          "local media reported", "the figure could not be independently confirmed"]
TEMPLATES = [
    "{place} came under attack {day}, with {n} {thing} launched at the city, {hedge}.",
    "\"We are repairing what we can, but the damage is serious,\" {person} {verb}.",
    "{role_cap}, {person}, {verb} that {n} people had been evacuated from {place} {day}.",
    "{org_cap} said it had delivered {n} tonnes of food to {place}, up from {m} a month earlier.",
    "Power was restored to about {pct} percent of homes in {place} {day}, {hedge}.",
    "The claim that {n} {thing} were destroyed near {place} could not be verified, {hedge}.",
    "According to {org}, at least {n} civilians were injured in {place} {day}.",
    "{person}, {role}, {verb} the situation in {place} remained tense but under control.",
    "Talks in {place2} between the two delegations ended {day} without an agreement on grain exports.",
    "Prices for bread in {place} rose by {pct} percent, the statistics office said {day}.",
    "\"Nobody expected the convoy to get through,\" a volunteer in {place} said, declining to give a name.",
    "Satellite images reviewed by analysts showed {n} craters near the {place} rail depot.",
    "{org_cap} estimated repairs would cost {n} million euros and take until the spring.",
    "The ministry denied reports that {n} {thing} had reached {place}, calling them false.",
]
FURNITURE = {
    "kyiv-ledger.example": (["Sign up for the Morning Ledger newsletter", "Share on Facebook | Share on X"],
                            ["Follow the Kyiv Ledger on Telegram", "Support independent journalism: donate today"]),
    "black-sea-wire.example": (["BLACK SEA WIRE | Live updates"],
                               ["Copyright Black Sea Wire. All rights reserved.", "Read more: latest from the front"]),
    "eastern-dispatch.example": (["Listen to this article"],
                                 ["Photo: staff photographer / Eastern Dispatch", "Subscribe for full access"]),
    "danube-observer.example": ([], ["Got a tip? Write to the newsroom", "Related: energy crisis explained"]),
}


@dataclass(slots=True)
class CorpusInfo:
    """What ``write_corpus`` produced."""

    paths: list[str]
    articles: int
    copies: int
    words: int


def _sentence(rng: random.Random) -> str:
    t = rng.choice(TEMPLATES)
    role = rng.choice(ROLES)
    org = rng.choice(ORGS)
    return t.format(place=rng.choice(PLACES), place2=rng.choice(PLACES), day=rng.choice(DAYS),
                    n=rng.randint(2, 480), m=rng.randint(2, 480), pct=rng.randint(3, 97), thing=rng.choice(THINGS),
                    hedge=rng.choice(HEDGES), person=rng.choice(PEOPLE), verb=rng.choice(VERBS), role=role,
                    role_cap=role[0].upper() + role[1:], org=org, org_cap=org[0].upper() + org[1:])


def article(rng: random.Random, i: int, mean_words: int) -> dict:
    """One JSON record: outlet, url, title, published, text (with the outlet's furniture)."""
    outlet = rng.choice(sorted(FURNITURE))
    head, foot = FURNITURE[outlet]
    target = max(40, int(rng.lognormvariate(0, 0.45) * mean_words))
    paras, words = [], 0
    place = rng.choice(PLACES)
    lead = f"{place.upper()}, {rng.choice(['March', 'April', 'May'])} {rng.randint(1, 28)} - {_sentence(rng)}"
    paras.append(lead)
    words += len(lead.split())
    while words < target:
        para = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        paras.append(para)
        words += len(para.split())
    title = f"{place}: {rng.choice(THINGS)} and {rng.choice(['repairs', 'talks', 'evacuations', 'aid'])} ({i})"
    text = "\n\n".join([*head, *paras, *foot])
    return {"url": f"https://{outlet}/news/{i:07d}", "source": outlet, "title": title,
            "published": f"2024-{rng.randint(3, 5):02d}-{rng.randint(1, 28):02d}", "text": text}


def records(n: int, *, seed: int = 7, mean_words: int = 600, copy_share: float = 0.08) -> Iterator[dict]:
    """``n`` article records; about ``copy_share`` of them republish an earlier article elsewhere."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for i in range(n):
        if recent and rng.random() < copy_share:
            orig = rng.choice(recent)
            outlet = rng.choice([o for o in sorted(FURNITURE) if o != orig["source"]])
            body = orig["text"].split("\n\n")
            head, foot = FURNITURE[outlet]
            body = [p for p in body if p not in sum(FURNITURE[orig["source"]], [])]
            rec = dict(orig, source=outlet, url=f"https://{outlet}/news/{i:07d}",
                       text="\n\n".join([*head, *body, "(Reporting by wire staff; editing by the desk.)", *foot]))
            rec["copy"] = True
        else:
            rec = article(rng, i, mean_words)
            recent = (recent + [rec])[-50:]
        yield rec


def write_corpus(root: str | os.PathLike, n: int, *, per_file: int = 500, seed: int = 7, mean_words: int = 600,
                 copy_share: float = 0.08, text_files: int = 0) -> CorpusInfo:
    """Write ``n`` articles under ``root`` as JSON Lines files of ``per_file`` records, the last
    ``text_files`` of them as single plain-text files instead."""
    os.makedirs(root, exist_ok=True)
    paths: list[str] = []
    fh = None
    copies = words = 0
    try:
        for i, rec in enumerate(records(n, seed=seed, mean_words=mean_words, copy_share=copy_share)):
            copies += bool(rec.pop("copy", False))
            words += len(rec["text"].split())
            if i >= n - text_files:
                p = os.path.join(root, f"article-{i:07d}.txt")
                with open(p, "w", encoding="utf-8") as t:
                    t.write(rec["title"] + "\n\n" + rec["text"] + "\n")
                paths.append(p)
                continue
            if i % per_file == 0:
                if fh is not None:
                    fh.close()
                p = os.path.join(root, f"part-{i // per_file:05d}.jsonl")
                fh = open(p, "w", encoding="utf-8")  # noqa: SIM115 - closed when the next part opens
                paths.append(p)
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if fh is not None:
            fh.close()
    return CorpusInfo(paths=paths, articles=n, copies=copies, words=words)
