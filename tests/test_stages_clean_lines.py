"""Line-shape rules of the clean stage (newstrace/lines.py): furniture by shape, body lines left alone."""

from __future__ import annotations

import pytest

from newstrace import lines as L


@pytest.mark.parametrize("line,reason", [
    ("Tap the bell to get alerts whenever we publish a new story", "notification-prompt"),
    ("Click here to get our free weekly briefing", "call-to-action"),
    ("Never miss a story: we'd like to send you notifications about breaking news", "notification-prompt"),
    ("We use cookies to improve your experience on our site.", "cookie-prompt"),
    ("If you value our reporting from the front line, please consider making a donation to keep us independent.",
     "donation-call"),
    ("Sign up for our newsletter", "subscription-prompt"),
    ("Download our app to watch the video", "call-to-action"),
    ("Share this article", "share-follow"),
    ("Facebook Twitter WhatsApp Telegram Email", "share-follow"),
    ("Follow us on Telegram @someoutlet", "share-follow"),
    ("Follow the Ledger on Instagram, Facebook, Twitter and YouTube.", "share-follow"),
    ("Tags: Donbas, shelling, evacuation", "tag-line"),
    ("Topics:\u00a0Defence, Black Sea", "tag-line"),
    ("Related articles", "related-list"),
    ("Most read", "related-list"),
    ("READ MORE: Drone debris falls on apartment block in Kyiv", "read-more"),
    ("By Anna Kovalenko", "byline"),
    ("Published 14:05 BST, 12 June 2023 | Updated 16:40 BST, 12 June 2023", "timestamp"),
    ("3 hours ago", "timestamp"),
    ("@frontline_watch", "social-handle"),
    ("Advertisement", "advert"),
    ("Story continues below advertisement", "advert"),
    ("Leave a comment", "comment-prompt"),
    ("27 comments", "comment-prompt"),
    ("© 2023 Eastern Ledger Media. All rights reserved.", "copyright"),
])
def test_clean_lines_furniture_by_shape(line, reason):
    found = L.furniture_reason(line)
    assert found is not None and found[0] == reason, found


@pytest.mark.parametrize("line", [
    "Russian forces shelled the town of Kupiansk overnight, the regional governor said on Telegram.",
    '"Follow the instructions of the civil defence and go to the shelters," the mayor said.',
    "Subscribe to the civil defence channel, the city council urged in a statement.",
    "The ministry said you could see the smoke from forty kilometres away.",
    "He declined to comment.",
    "Share prices in Moscow fell 4% after the announcement.",
    "Published reports said the convoy had been stopped at the border.",
    "By the end of the week, more than 3,000 people had been evacuated from the district.",
    "Tell me where the bodies are, a mother asked the soldiers, according to witnesses.",
    "Kherson",
    "The Battle for Bakhmut",
])
def test_clean_lines_body_is_not_furniture(line):
    assert L.furniture_reason(line) is None


@pytest.mark.parametrize("line,kind", [
    ("@DefenceU/Twitter", "source"),
    ("Reuters", "source"),
    ("Global Images Ukraine", "source"),
    ("Photo: Marta Hnatiuk/AFP", "label"),
    ("Featured Image Credit: Ukraine Ministry of Defence", "label"),
    ("Image: Getty", "label"),
    ("(Photo by Ivan Petrenko)", "label"),
    ("John Smith via Telegram", "source"),
    ("Image copyright Getty Images", "label"),
    ("The Ministry of Defence published the video on Twitter.", None),
    ("Ukrainian soldiers", None),
])
def test_clean_lines_credit_kind(line, kind):
    assert L.credit_kind(line) == kind


@pytest.mark.parametrize("line,expected", [
    ("Civilians Wave As Troops Leave For The Front", True),
    ("Ukrainians applaud the retreat after the general's claim", True),
    ("Click 'OK' then 'Allow' to enable notifications", False),
    ("The troops left on Sunday.", False),
    ("@DefenceU/Twitter", False),
])
def test_clean_lines_headline_candidate(line, expected):
    assert L.is_headline_candidate(line) is expected


@pytest.mark.parametrize("title,stripped", [
    ("Border town braces for evacuation - The Eastern Ledger", "Border town braces for evacuation"),
    ("Border town braces for evacuation | Ledger", "Border town braces for evacuation"),
    ("No suffix here", "No suffix here"),
])
def test_clean_lines_strip_site_suffix(title, stripped):
    assert L.strip_site_suffix(title) == stripped


@pytest.mark.parametrize("n", [200_000])
def test_clean_lines_hostile_long_line_is_bounded(n):
    line = "a" * n + " you click"
    assert len(L.clip(line)) == L.MAX_LINE_CHARS
    L.furniture_reason(line)  # must return (the rules only see the clipped line)


@pytest.mark.parametrize("line,label,cue", [
    ("Image caption Firefighters at the scene of the strike in Dnipro", True, False),
    ("In this file photo, a soldier walks past a destroyed tank near Izium.", False, True),
    ("The soldiers walked past a destroyed tank near Izium.", False, False),
])
def test_clean_lines_caption_shapes(line, label, cue):
    assert L.is_caption_label(line) is label
    assert L.has_caption_cue(line) is cue
