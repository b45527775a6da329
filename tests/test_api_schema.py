"""The committed OpenAPI schema (api/schema.yaml in English, api/schema.vi.yaml in Vietnamese)
is what the code produces; the reference page and the schema endpoint serve it offline."""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCHEMAS = {"en": "api/schema.yaml", "vi": "api/schema.vi.yaml"}
REGENERATE = " && ".join(
    f".venv/bin/python manage.py spectacular --lang {lang} --file {path}"
    for lang, path in SCHEMAS.items()
)


@pytest.mark.parametrize("lang", sorted(SCHEMAS))
def test_the_committed_schema_matches_the_code(lang, tmp_path):
    fresh = tmp_path / "schema.yaml"
    call_command("spectacular", "--lang", lang, "--file", str(fresh), stderr=io.StringIO())
    committed = Path(settings.BASE_DIR, SCHEMAS[lang]).read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, f"the API changed: run {REGENERATE}"


def test_the_schema_describes_every_endpoint_in_both_languages():
    english = yaml.safe_load(Path(settings.BASE_DIR, SCHEMAS["en"]).read_text(encoding="utf-8"))
    vietnamese = yaml.safe_load(Path(settings.BASE_DIR, SCHEMAS["vi"]).read_text(encoding="utf-8"))
    assert english["openapi"].startswith("3.")
    assert set(english["paths"]) == set(vietnamese["paths"])
    draft = "/api/v1/reports/{id}/draft/"
    assert english["paths"][draft]["post"]["summary"] == "Save the body's report as a draft"
    assert vietnamese["paths"][draft]["post"]["summary"] == "Lưu nháp báo cáo của đơn vị"
    assert "409" in english["paths"][draft]["post"]["responses"]


def test_the_schema_endpoint_answers_in_the_language_asked(client, board):
    client.force_login(board)
    response = client.get(reverse("api:schema"), {"lang": "vi", "format": "json"})
    assert response.status_code == 200
    assert "Lưu nháp báo cáo của đơn vị" in response.content.decode()


def test_the_reference_page_loads_its_assets_from_the_application(client, board):
    client.force_login(board)
    page = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in page
    assert "https://" not in page.replace("https://github.com", ""), (
        "every script and style must be served by the application"
    )
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
