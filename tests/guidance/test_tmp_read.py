import pytest
from django.test import Client
from baken.guidance import readability
from baken.directory.vocabulary import Violence

@pytest.mark.django_db
def test_print(directory):
    c = Client()
    for url in ["/informatie/", "/informatie/reageren/", "/informatie/schuld/", "/informatie/pleger/", "/informatie/meldcode/"] + [f"/informatie/{v}/" for v in Violence.values]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
        m = readability.measure(readability.blocks_from_html(readability.main_html(r.content.decode())))
        print(f"{url:40} sent={m.sentences:3} words={m.words:4} avg={m.average_sentence_length:5.1f} long={m.long_word_share:.3f} lix={m.lix:.0f}")
