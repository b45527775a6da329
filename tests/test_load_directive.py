import copy
import json

import pytest
from django.core.management import CommandError, call_command

from assignments.loading import SHIPPED_DIRECTIVE, DirectiveFileError, parse_directive_file
from assignments.models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    DocumentReference,
    Duty,
    Task,
)

pytestmark = pytest.mark.django_db

ALL_MODELS = [Body, Directive, DocumentReference, Assignment, AssignmentRecipient, Duty, Task]


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


@pytest.fixture
def shipped():
    return json.loads(SHIPPED_DIRECTIVE.read_text(encoding="utf-8"))


@pytest.fixture
def write(tmp_path):
    def write(data, name="directive.json"):
        path = tmp_path / name
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def load(path, capsys=None):
    call_command("load_directive", str(path))


def test_it_loads_the_shipped_directive_with_a_task_for_every_member_body(capsys):
    call_command("load_directive")
    directive = Directive.objects.get()
    assert directive.issuer_header == "TỈNH ỦY KIÊN GIANG"
    assert directive.number == "" and directive.signer_name == ""
    assert directive.summary.startswith("Tăng cường công tác chỉ đạo, định hướng")
    assert directive.monitoring_body.code == "ban-tuyen-giao"
    assert directive.assignments.count() == 4
    assert Duty.objects.count() == 17
    press = Body.objects.get(code="co-quan-bao-chi")
    districts = Body.objects.get(code="huyen-thanh-dang-uy")
    assert press.members.count() == 2 and districts.members.count() == 20
    # Group recipients expand to members: every member has a task for every duty of its group.
    for duty in Duty.objects.filter(assignment__number=4):
        assert set(duty.tasks.values_list("body__code", flat=True)) == set(
            districts.members.values_list("code", flat=True)
        )
    assert not Task.objects.filter(body__in=[press, districts]).exists()
    # Assignment 1: the lead and the coordinating department, for each of its five duties.
    roles = Task.objects.filter(duty__assignment__number=1).values_list("body__code", "role")
    assert sorted(set(roles)) == [("bcsd-ubnd", "lead"), ("so-tttt", "coordinating")]
    assert Task.objects.count() == 5 * 2 + 3 * 1 + 5 * 2 + 4 * 20
    assert "created" in capsys.readouterr().out


def test_loading_twice_changes_nothing(capsys):
    call_command("load_directive")
    before = counts()
    capsys.readouterr()
    call_command("load_directive")
    assert counts() == before
    assert "nothing changed" in capsys.readouterr().out


def test_reloading_keeps_what_an_administrator_edited():
    call_command("load_directive")
    Directive.objects.update(number="15", signer_name="Mai Văn Huỳnh")
    Body.objects.filter(code="so-tttt").update(name="Sở Văn hóa, Thể thao và Du lịch")
    call_command("load_directive")
    directive = Directive.objects.get()
    assert (directive.number, directive.signer_name) == ("15", "Mai Văn Huỳnh")
    assert Body.objects.get(code="so-tttt").name == "Sở Văn hóa, Thể thao và Du lịch"


def test_stored_text_is_nfc_even_when_the_file_is_decomposed(shipped, write):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", json.dumps(shipped, ensure_ascii=False))
    load(write(decomposed))
    summary = Directive.objects.get().summary
    assert summary == unicodedata.normalize("NFC", summary)
    assert "Tăng cường" in summary


def test_a_second_directive_loads_beside_the_first(shipped, write):
    call_command("load_directive")
    second = copy.deepcopy(shipped)
    second["directive"]["date"] = "2023-03-01"
    second["directive"]["summary"] = "Về tăng cường bảo đảm an ninh mạng"
    second["directive"]["number"] = "45"
    second["bodies"].append({"code": "cong-an-tinh", "name": "Công an tỉnh"})
    second["assignments"] = [
        {
            "number": 1,
            "body": "cong-an-tinh",
            "text": ["Công an tỉnh rà soát."],
            "duties": ["Rà soát an ninh mạng"],
        },
    ]
    load(write(second))
    assert Directive.objects.count() == 2
    new = Directive.objects.get(number="45")
    assert new.assignments.get().duties.get().tasks.get().body.code == "cong-an-tinh"
    assert Body.objects.filter(code="bcsd-ubnd").count() == 1
    assert Directive.objects.exclude(pk=new.pk).get().assignments.count() == 4


def _break(shipped, how):
    data = copy.deepcopy(shipped)
    how(data)
    return data


BAD_FILES = {
    "missing directive field": (
        lambda d: d["directive"].pop("summary"),
        "directive: missing field 'summary'",
    ),
    "missing assignment body": (
        lambda d: d["assignments"][1].pop("body"),
        "assignments[1]: missing field 'body'",
    ),
    "unknown body code": (
        lambda d: d["assignments"][2].update(body="bao-khong-co"),
        "assignments[2].body: unknown body code 'bao-khong-co'",
    ),
    "unknown coordinating body": (
        lambda d: d["assignments"][0].update(coordinating=["so-khong-co"]),
        "assignments[0].coordinating[0]: unknown body code 'so-khong-co'",
    ),
    "unknown monitoring body": (
        lambda d: d["directive"]["monitoring"].update(body="ban-khac"),
        "directive.monitoring.body: unknown body code 'ban-khac'",
    ),
    "duplicate assignment number": (
        lambda d: d["assignments"][3].update(number=2),
        "assignments[3].number: duplicate assignment number 2 (first at assignments[1])",
    ),
    "bad date": (
        lambda d: d["directive"].update(date="2021-02-30"),
        "directive.date: '2021-02-30' is not a date in the form YYYY-MM-DD",
    ),
    "bad reference date": (
        lambda d: d["directive"]["references"][0].update(date="14-6-2021"),
        "directive.references[0].date: '14-6-2021' is not a date",
    ),
    "duplicate body code": (
        lambda d: d["bodies"][4]["members"].append({"code": "so-tttt", "name": "Trùng"}),
        "bodies[4].members[2].code: duplicate body code 'so-tttt' (first at bodies[2])",
    ),
    "assignment without duties": (
        lambda d: d["assignments"][0].update(duties=[]),
        "assignments[0].duties: the assignment has no duty",
    ),
    "number that is not a number": (
        lambda d: d["assignments"][0].update(number="một"),
        "assignments[0].number: must be a whole number from 1",
    ),
    "text that is not a list": (
        lambda d: d["assignments"][0].update(text=None),
        "assignments[0]: missing field 'text'",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_naming_the_problem_and_its_place(case, shipped, write):
    how, message = BAD_FILES[case]
    path = write(_break(shipped, how))
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert message in str(excinfo.value)
    assert all(count == 0 for count in counts().values())


def test_a_bad_file_changes_nothing_already_loaded(shipped, write):
    call_command("load_directive")
    before = counts()
    data = _break(
        shipped,
        lambda d: d["assignments"].append(
            {"number": 5, "body": "khong-co", "text": ["x"], "duties": ["y"]}
        ),
    )
    data["directive"]["summary"] = "Một văn bản khác"
    with pytest.raises(CommandError, match=r"assignments\[4\].body: unknown body code"):
        load(write(data))
    assert counts() == before


def test_invalid_json_names_the_line_and_column(write):
    path = write('{\n  "directive": {,\n}')
    with pytest.raises(DirectiveFileError) as excinfo:
        parse_directive_file(path)
    assert str(excinfo.value).startswith("line 2, column")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("load_directive", str(tmp_path / "khong-co.json"))
