import pytest
from django.test import Client
@pytest.mark.django_db
def test_show(directory):
    r = Client().get("/informatie/online_abuse/")
    s = r.content.decode()
    print(s[s.index("<main"):s.index("</main>")])
