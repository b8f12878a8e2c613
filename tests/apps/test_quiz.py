"""The quiz widget and its format, without a browser: answer as a learner would,
check, read the feedback, the score and the status; every format message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qikit.apps import Quiz
from qikit.apps._quiz_format import judge, load_quiz, parse_number, read_quiz
from qikit.errors import InputError
from qikit.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FILE = ROOT / "curriculum" / "quizzes" / "example.json"

ONE = {
    "question": "What is the centre line of a run chart?",
    "options": {
        "The median": "Right: half the points lie on either side.",
        "The mean": "The mean is the centre line of SPC charts.",
        "The target": "A target is drawn as its own line.",
    },
    "answer": "The median",
    "hint": "It splits the points into halves.",
    "explanation": "A run chart's centre line is the median.",
}
SEVERAL = {
    "question": "Which belong in a family of measures?",
    "options": [
        {"text": "Outcome", "why": "Right: is it better for people?"},
        {"text": "Process", "why": "Right: is the change happening?"},
        {"text": "Balancing", "why": ""},
        {"text": "League table", "why": "League tables are for judgement."},
    ],
    "answer": ["Outcome", "Process", "Balancing"],
    "explanation": "Outcome, process and balancing measures.",
}
NUMBER = {
    "id": "pct",
    "question": "12 of 40 patients: what percentage?",
    "answer": 30,
    "tolerance": 0.5,
    "unit": "%",
    "mistakes": [{"value": 0.3, "why": "That is the proportion: multiply by 100."}],
    "explanation": "12 / 40 = 0.3, or 30%.",
}


def _quiz(**options) -> Quiz:
    return Quiz([ONE, SEVERAL, NUMBER], **options)


# ---------------------------------------------------------------------- building


def test_it_builds_with_no_arguments_and_is_ready():
    quiz = Quiz()
    assert (quiz.status_text, quiz.status_state) == ("Quiz ready", "ready")
    assert len(quiz.views) == 3 and quiz.error_text == ""
    assert quiz.score_text == "Score: 0 of 3 right first time; 0 of 3 answered."
    assert '<h2 class="qikit-title">Check your understanding</h2>' in (
        quiz.heading.value
    )
    assert "qikit-quiz" in quiz._dom_classes


def test_the_example_file_is_a_valid_quiz_of_every_kind():
    quiz = Quiz.from_file(EXAMPLE_FILE, level=1)
    kinds = [q.kind for q in quiz.questions]
    assert len(kinds) >= 5 and {"one", "several", "number"} <= set(kinds)
    assert quiz.heading.value.startswith("<h1")
    assert quiz.spec.title == json.loads(EXAMPLE_FILE.read_text())["title"]
    assert quiz.introduction.value.startswith('<p class="qikit-intro">Six questions')
    for question in quiz.questions:  # every wrong option says why
        assert all(o.why for o in question.options if not o.right)
        assert question.explanation


def test_options_are_shown_in_an_order_of_their_own_the_same_every_time():
    quiz, again = _quiz(), _quiz()
    one, several, _ = quiz.views
    written = list(ONE["options"])
    shown = list(one.control.options)
    assert sorted(shown) == sorted(written) and shown != written
    assert shown == list(again.views[0].control.options)  # the same on every visit
    ticks = [b.description for b in several.boxes]
    assert ticks == [b.description for b in again.views[1].boxes]
    quiz.answer(1, "The median")  # answers are by text, wherever they are shown
    quiz.check(1)
    assert quiz.status_text == "Question 1: correct"
    with pytest.raises(InputError, match="^`shuffle`"):
        _quiz(shuffle="yes please")


def test_each_question_is_labelled_and_has_its_own_check_button():
    quiz = _quiz(shuffle=False)  # the options in the file's order
    one, several, number = quiz.views
    assert one.control.description == "Your answer to question 1"
    assert one.control.value is None  # nothing chosen at the start
    assert list(one.control.options) == ["The median", "The mean", "The target"]
    assert [b.description for b in several.boxes] == [
        "Outcome",
        "Process",
        "Balancing",
        "League table",
    ]
    assert number.control.description == "Your answer to question 3"
    assert [v.check.description for v in quiz.views] == [
        "Check question 1",
        "Check question 2",
        "Check question 3",
    ]
    assert "Question 1 of 3" in one.prompt.value and "Choose one answer." in (
        one.prompt.value
    )
    assert "Tick all that apply." in several.prompt.value
    assert '<details><summary aria-label="Hint for question 1">Hint</summary>' in (
        one.prompt.value
    )
    assert "qikit-status" in one.result._dom_classes  # a live region on the page


def test_a_title_and_heading_level_can_be_chosen_and_a_bad_level_is_a_message():
    quiz = _quiz(title="Run charts", level=3)
    assert quiz.heading.value == '<h3 class="qikit-title">Run charts</h3>'
    assert "<h4" in quiz.views[0].prompt.value
    with pytest.raises(InputError) as info:
        _quiz(level=4)
    assert str(info.value) == (
        "`level`: must be 1, 2 or 3 (got 4). Use 1 for a page of its own."
    )


# --------------------------------------------------------------------- answering


def test_a_right_first_answer_scores_and_explains():
    quiz = _quiz()
    quiz.answer(1, "The median")
    quiz.views[0].check.click()
    assert (quiz.status_text, quiz.status_state) == ("Question 1: correct", "ready")
    assert quiz.feedback_text(1).splitlines() == [
        "Correct.",
        "‘The median’: Right: half the points lie on either side.",
        "A run chart's centre line is the median.",
    ]
    assert quiz.score == 1 and quiz.answered == 1
    assert quiz.score_text == "Score: 1 of 3 right first time; 1 of 3 answered."
    html = quiz.views[0].result.value
    assert 'role="status"' in html and "Correct." in html and "✓" in html


def test_a_wrong_answer_says_why_then_the_answer_is_shown_after_two_tries():
    quiz = _quiz()
    quiz.answer(1, "The mean")
    quiz.check(1)
    assert quiz.status_text == "Question 1: not quite"
    assert quiz.feedback_text(1).splitlines() == [
        "Not quite.",
        "‘The mean’: The mean is the centre line of SPC charts.",
        "Hint: It splits the points into halves.",
        "Change your answer and check it again.",
    ]
    assert "Not quite." in quiz.views[0].result.value  # words, not colour only
    quiz.answer(1, "The target")
    quiz.check(1)
    assert quiz.feedback_text(1).splitlines()[-2:] == [
        "The answer: ‘The median’.",
        "A run chart's centre line is the median.",
    ]
    quiz.answer(1, "The median")
    quiz.check(1)
    assert quiz.status_text == "Question 1: correct"
    assert (quiz.score, quiz.right_now, quiz.attempts(1)) == (0, 1, 3)


def test_checking_with_no_answer_asks_for_one_and_is_not_a_try():
    quiz = _quiz()
    for number, text in (
        (1, "Choose one of the options first."),
        (2, "Tick every option you think is right first."),
        (3, "Type a number first."),
    ):
        quiz.check(number)
        assert (quiz.status_text, quiz.status_state) == (
            f"Question {number}: no answer yet",
            "info",
        )
        assert quiz.feedback_text(number) == text
        assert quiz.attempts(number) == 0
    assert quiz.answered == 0 and quiz.error_text == ""


def test_several_answers_must_all_be_ticked():
    quiz = _quiz(shuffle=False)  # boxes ticked by position below
    quiz.answer(2, ["Outcome"])
    quiz.check(2)
    assert quiz.status_text == "Question 2: not quite"
    assert quiz.feedback_text(2).splitlines()[1:3] == [
        "‘Process’ is right too: is the change happening?",
        "‘Balancing’ is right too.",
    ]
    quiz.answer(2, ["Outcome", "League table"])
    quiz.check(2)
    lines = quiz.feedback_text(2).splitlines()
    assert lines[1] == "‘League table’: League tables are for judgement."
    assert not any("right too" in line for line in lines)  # no answers given away
    quiz.views[1].boxes[3].value = False
    for box in quiz.views[1].boxes[1:3]:
        box.value = True
    quiz.check(2)
    assert quiz.status_text == "Question 2: correct" and quiz.score == 0


@pytest.mark.parametrize(
    ("typed", "status", "first_line", "second"),
    [
        ("30", "correct", "Correct.", "12 / 40 = 0.3, or 30%."),
        (" 30.4 % ", "correct", "Correct.", "12 / 40 = 0.3, or 30%."),
        (
            "0.3",
            "not quite",
            "Not quite.",
            "0.3: That is the proportion: multiply by 100.",
        ),
        ("45", "not quite", "Not quite.", "45 is too high."),
        ("29", "not quite", "Not quite.", "29 is too low."),
    ],
)
def test_number_answers_within_the_tolerance_and_known_mistakes(
    typed, status, first_line, second
):
    quiz = _quiz()
    quiz.answer(3, typed)
    quiz.check(3)
    assert quiz.status_text == f"Question 3: {status}"
    lines = quiz.feedback_text(3).splitlines()
    assert lines[:2] == [first_line, second]


def test_text_that_is_not_a_number_is_not_a_try():
    quiz = _quiz()
    quiz.answer(3, "thirty")
    quiz.check(3)
    assert (quiz.status_text, quiz.status_state) == (
        "Question 3: no answer yet",
        "info",
    )
    assert quiz.feedback_text(3) == (
        "'thirty' is not a number qikit can read. Type digits, with a full stop "
        "for decimals, such as 12.5."
    )
    assert quiz.attempts(3) == 0


def test_every_question_answered_says_so():
    quiz = _quiz()
    quiz.answer(1, "The median")
    quiz.answer(2, ["Outcome", "Process", "Balancing"])
    quiz.answer(3, 30)
    for number in (1, 2, 3):
        quiz.check(number)
    assert quiz.score_text == (
        "Score: 3 of 3 right first time. You have answered every question."
    )
    assert "Score: 3 of 3" in quiz.score_line.value


def test_try_again_clears_everything():
    quiz = _quiz()
    quiz.answer(1, "The mean")
    quiz.answer(2, ["Outcome"])
    quiz.answer(3, "12")
    for number in (1, 2, 3):
        quiz.check(number)
    quiz.again.click()
    assert (quiz.status_text, quiz.round) == ("Answers cleared: try again", 2)
    assert quiz.views[0].control.value is None
    assert not any(box.value for box in quiz.views[1].boxes)
    assert quiz.views[2].control.value == ""
    assert all(view.result.value == "" for view in quiz.views)
    assert (quiz.score, quiz.answered) == (0, 0)
    assert quiz.feedback_text(1) == ""
    quiz.answer(1, "The median")
    quiz.check(1)
    assert quiz.score == 1  # a fresh first try


def test_a_bad_question_number_is_a_message():
    quiz = _quiz()
    quiz.check(4)
    assert quiz.status_state == "error"
    assert quiz.error_text == (
        "`number`: there is no such question in this quiz of 3 questions (got 4). "
        "Give a whole number from 1 to 3."
    )
    quiz.check("1")
    assert quiz.error_text == (
        "`number`: must be a question's number (got '1'). Give a whole number from "
        "1 to 3."
    )


def test_setting_an_answer_that_is_not_an_option_is_refused():
    quiz = _quiz()
    with pytest.raises(InputError) as info:
        quiz.answer(1, "The mode")
    assert str(info.value) == (
        "`answer to question 1`: is not one of the options (got 'The mode'). "
        "Choose from: 'The median', 'The mean', 'The target'."
    )
    with pytest.raises(InputError, match="`answer to question 2`"):
        quiz.answer(2, ["Outcome", "Mode"])


# ------------------------------------------------------------------- recording


def test_recording_needs_join_a_team_and_an_answer(store_path):
    plain = _quiz()
    plain.record()
    assert plain.error_text == (
        "`join`: this quiz does not record scores (got False). Make it with "
        "Quiz(..., join=True) to show the join panel."
    )
    quiz = _quiz(join=True)
    assert quiz.record_button.description == "Record my score"
    quiz.record_button.click()
    assert quiz.status_state == "error"
    assert quiz.error_text.startswith("`team`: you have not joined a team yet")
    quiz.join_panel.team_box.value = "Ward 6"
    quiz.join_panel.join()
    assert quiz.status_text == "Joined Workshop as Ward 6"
    quiz.record()
    assert quiz.error_text == (
        "`quiz`: no question has been checked yet (got '0 of 3'). Answer at least "
        "one question and check it, then record your score."
    )
    assert quiz._store is None  # nothing was written


def test_a_recorded_score_reaches_the_store(store_path):
    quiz = _quiz(join=True, cohort="Spring 2026")
    quiz.join_panel.team_box.value = "Ward 6"
    quiz.join_panel.join()
    quiz.answer(1, "The median")
    quiz.answer(3, "0.3")
    quiz.check(1)
    quiz.check(3)
    quiz.record()
    assert (quiz.status_text, quiz.status_state) == ("Score recorded", "ready")
    assert quiz.notes_text == [
        "Ward 6's score (1 of 3 right first time) is on the trainer's board for "
        "Spring 2026."
    ]
    quiz.close()
    with open_store(store_path) as store:
        results = store.game_results("Spring 2026", "quiz")
    assert len(results) == 1
    row = results.iloc[0]
    assert (row["team"], row["round"], row["score"], row["questions"]) == (
        "Ward 6",
        1,
        1,
        3,
    )
    assert (row["answered"], row["right_now"], row["quiz_id"]) == (
        2,
        1,
        "check-your-understanding",
    )
    assert [r["id"] for r in row["results"]] == ["q1", "q2", "pct"]


# ---------------------------------------------------------------- the format


def _base(**changes):
    item = {
        "question": "Q?",
        "options": {"A": "why a", "B": "why b"},
        "answer": "A",
        "explanation": "E.",
    }
    item.update(changes)
    return item


MESSAGES = [
    ([], "`questions`: is empty (got []). Write at least one question."),
    (
        "hello",
        "`questions`: must be a list of questions (got 'hello'). Give a list of "
        "dicts, one per question, each with at least 'question', 'answer' and "
        "'explanation'.",
    ),
    (
        ["What?"],
        "`questions[0]`: must be a question written as a dict (got 'What?'). Write "
        'it as {"question": ..., "options": {...}, "answer": ..., "explanation": '
        "...}.",
    ),
    (
        [_base(explaination="x")],
        "`questions[0].explaination`: is not a field of a quiz question (got "
        "'explaination'). Did you mean 'explanation'? Remove it, or use one of: "
        "'id', 'question', 'options', 'answer', 'tolerance', 'unit', 'mistakes', "
        "'explanation', 'hint'.",
    ),
    (
        [{"options": {"A": "a", "B": "b"}, "answer": "A", "explanation": "E"}],
        '`questions[0].question`: is missing. Write it as "question": "What does '
        'the centre line of a run chart show?".',
    ),
    (
        [{"question": "Q", "options": {"A": "a", "B": "b"}, "answer": "A"}],
        "`questions[0].explanation`: is missing. Say why the right answer is right, "
        "in a sentence or two: every learner reads it once they have answered.",
    ),
    (
        [{"question": "Q", "options": {"A": "a", "B": "b"}, "explanation": "E"}],
        "`questions[0].answer`: is missing. Give the right option's text (a list of "
        "texts when several are right), or the right number for a question without "
        "options.",
    ),
    (
        [_base(options={"The median": "", "The mean": "x"}, answer="The medain")],
        "`questions[0].answer`: is not one of the options (got 'The medain'). Did "
        "you mean 'The median'? Copy the right option's text exactly: 'The median', "
        "'The mean'.",
    ),
    (
        [_base(options={"A": "", "B": ""})],
        "`questions[0].options['B']`: has no explanation of why it is wrong (got "
        "'B'). Add one sentence saying why: learners who choose it read it.",
    ),
    (
        [_base(options=[{"text": "A"}, {"text": "B"}])],
        "`questions[0].options[1].why`: has no explanation of why it is wrong (got "
        "'B'). Add one sentence saying why: learners who choose it read it.",
    ),
    (
        [_base(options={"A": "x"})],
        "`questions[0].options`: needs at least two options (got ['A']). Add the "
        "wrong answers learners are likely to give, each with why it is wrong.",
    ),
    (
        [_base(options=[{"text": "A", "why": "x"}, {"text": "a", "why": "y"}])],
        "`questions[0].options[1].text`: repeats option 1 (got 'a'). Make each "
        "option different.",
    ),
    (
        [_base(options=["A", "B"])],
        "`questions[0].options[0]`: is an option without an explanation (got 'A'). "
        'Write it as {"text": ..., "why": ...}: say why it is right or wrong.',
    ),
    (
        [_base(options=[{"text": "A", "why": "x", "right": True}, {"text": "B"}])],
        "`questions[0].options[0].right`: is not a field of a quiz option (got "
        "'right'). Remove it, or use one of: 'text', 'why'.",
    ),
    (
        [_base(tolerance=1)],
        "`questions[0].tolerance`: is only for questions answered with a number "
        "(got 1). Remove it, or remove 'options' to make this a number question.",
    ),
    (
        [_base(answer=1)],
        "`questions[0].answer`: must be the text of an option (got 1). Copy the "
        "right option's text exactly, in quotes: 'A', 'B'.",
    ),
    (
        [_base(answer=[])],
        "`questions[0].answer`: is an empty list (got []). List the text of every "
        "right option (at least one).",
    ),
    (
        [_base(answer=["A", "B"])],
        "`questions[0].answer`: says every option is right (got ['A', 'B']). Add at "
        "least one wrong option, with why it is wrong.",
    ),
    (
        [_base(options={"A": "a", "B": "b", "C": "c"}, answer=["A", "A"])],
        "`questions[0].answer[1]`: names the same option twice (got 'A'). List each "
        "right option once.",
    ),
    (
        [{"question": "Q", "answer": "12.5%", "explanation": "E"}],
        "`questions[0].answer`: is text, but this question has no options (got "
        "'12.5%'). For a multiple-choice question add 'options'; for a number "
        "question write the number without quotes, such as 12.5.",
    ),
    (
        [{"question": "Q", "answer": True, "explanation": "E"}],
        "`questions[0].answer`: must be a number (got True). Give a number such as "
        "12.5.",
    ),
    (
        [{"question": "Q", "answer": 12, "tolerance": -1, "explanation": "E"}],
        "`questions[0].tolerance`: must be 0 or more (got -1). Give how far from the "
        "answer still counts as right, such as 0.5.",
    ),
    (
        [
            {
                "question": "Q",
                "answer": 12,
                "tolerance": 1,
                "mistakes": [{"value": 12.5, "why": "x"}],
                "explanation": "E",
            }
        ],
        "`questions[0].mistakes[0].value`: counts as right: it is within the "
        "tolerance of the answer (got 12.5). Remove it, or make the tolerance "
        "smaller.",
    ),
    (
        [
            {
                "question": "Q",
                "answer": 12,
                "mistakes": [{"value": 3}],
                "explanation": "E",
            }
        ],
        "`questions[0].mistakes[0].why`: has no explanation of why it is wrong (got "
        "3). Add one sentence saying why.",
    ),
    (
        [{"question": "Q", "answer": 12, "unit": "x" * 41, "explanation": "E"}],
        "`questions[0].unit`: is longer than 40 characters (got "
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'). Give the unit only, such as "
        "'%' or 'days'.",
    ),
    (
        [_base(id="x"), _base(id="x")],
        "`questions[1].id`: repeats the id of questions[0] (got 'x'). Give each "
        "question its own id, or leave the ids out.",
    ),
    (
        [_base(id="")],
        "`questions[0].id`: must be a short text (got ''). Give a short name such as "
        "'median', or leave the id out.",
    ),
    (
        [_base(question=["x"])],
        "`questions[0].question`: must be text (got ['x']). Write it in quotes.",
    ),
    (
        {"titel": "x", "questions": [_base()]},
        "`titel`: is not a field of a quiz (got 'titel'). Did you mean 'title'? "
        "Remove it, or use one of: 'title', 'intro', 'questions'.",
    ),
    (
        {"title": "x"},
        '`questions`: is missing. Add a list of questions: "questions": [{...}, '
        "{...}].",
    ),
    (
        [_base()] * 51,
        "`questions`: has 51 questions; a quiz has at most 50. Split it into shorter "
        "quizzes: five to ten questions is plenty for a self-check.",
    ),
]


@pytest.mark.parametrize(("quiz", "text"), MESSAGES, ids=range(len(MESSAGES)))
def test_every_format_message(quiz, text):
    with pytest.raises(InputError) as info:
        read_quiz(quiz)
    assert str(info.value) == text


def test_the_widget_refuses_a_bad_quiz_with_the_same_message():
    with pytest.raises(InputError, match=r"^`questions\[0\]\.explanation`: is missing"):
        Quiz([{"question": "Q", "answer": 3}])


def test_a_whole_quiz_dict_gives_title_and_intro():
    spec = read_quiz({"title": "Run charts", "intro": "Two.", "questions": [ONE]})
    assert (spec.title, spec.intro, spec.id) == ("Run charts", "Two.", "run-charts")
    quiz = Quiz({"title": "Run charts", "questions": [ONE, NUMBER]})
    assert quiz.heading.value == '<h2 class="qikit-title">Run charts</h2>'


# ------------------------------------------------------------------- the files


def test_file_messages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "example.json").write_text(json.dumps([ONE]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_quiz("quizzes/exmaple.json")
    assert str(info.value) == (
        "`path`: there is no such quiz file (got 'quizzes/exmaple.json'). Did you "
        "mean 'example.json'? The quiz files there are: 'example.json'."
    )
    with pytest.raises(InputError) as info:
        load_quiz("other/example.json")
    assert str(info.value) == (
        "`path`: there is no such quiz file (got 'other/example.json'). There is no "
        "folder 'other' here: paths are relative to the notebook's folder."
    )
    with pytest.raises(InputError) as info:
        load_quiz("quizzes/example.txt")
    assert str(info.value) == (
        "`path`: is not a quiz file qikit reads (got 'quizzes/example.txt'). Use a "
        ".json, .yaml or .yml file."
    )
    with pytest.raises(InputError) as info:
        load_quiz(5)
    assert str(info.value) == (
        "`path`: must be the name of a quiz file (got 5). Give a path such as "
        "'quizzes/06_run_charts.json'."
    )
    (folder / "broken.json").write_text('[{"question": "Q",}]', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_quiz(folder / "broken.json")
    assert str(info.value).startswith(
        "`path`: is not valid JSON: line 1, column 19: Expecting property name "
        "enclosed in double quotes (got "
    )
    assert str(info.value).endswith(
        "Check the commas, quotes and brackets near there (a comma after the last "
        "item of a list is a common slip)."
    )
    (folder / "latin.json").write_bytes('[{"question": "caf\xe9"}]'.encode("cp1252"))
    with pytest.raises(InputError, match="is not a text file in UTF-8"):
        load_quiz(folder / "latin.json")
    (folder / "bad.json").write_text(json.dumps([{"question": "Q"}]), encoding="utf-8")
    with pytest.raises(InputError, match=r"^`questions\[0\]\.explanation`: is missing"):
        load_quiz(folder / "bad.json")


def test_yaml_quizzes_read_like_json(tmp_path):
    file = tmp_path / "run.yaml"
    file.write_text(
        "title: Run charts\n"
        "questions:\n"
        "  - question: What is the centre line of a run chart?\n"
        "    options:\n"
        "      The median: 'Right: half the points lie on either side.'\n"
        "      The mean: The mean is the centre line of SPC charts.\n"
        "    answer: The median\n"
        "    explanation: It is the median.\n",
        encoding="utf-8",
    )
    quiz = Quiz.from_file(file)
    assert quiz.spec.title == "Run charts" and quiz.questions[0].kind == "one"
    broken = tmp_path / "broken.yml"
    broken.write_text("questions:\n  - question: a: b\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_quiz(broken)
    assert str(info.value).startswith("`path`: is not valid YAML: line 2, column ")
    assert str(info.value).endswith(
        "Check the indentation near there, and put text holding a colon in quotes."
    )


def test_from_file_takes_the_widget_options():
    quiz = Quiz.from_file(EXAMPLE_FILE, title="Practice", join=True)
    assert quiz.spec.title == "Practice" and quiz.join_panel is not None


# --------------------------------------------------------------- never a crash


@given(st.text(max_size=20))
def test_any_typed_number_is_marked_or_asked_again(typed):
    question = read_quiz([NUMBER]).questions[0]
    verdict = judge(question, typed)
    assert verdict.lines or verdict.correct
    assert verdict.answered == (parse_number(typed) is not None)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["question", "options", "answer", "explanation", "why", "text"]
            )
            | st.text(max_size=5),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(_VALUES)
def test_any_data_is_a_quiz_or_a_house_message(data):
    try:
        read_quiz(data)
    except InputError as error:
        assert str(error).startswith("`")


@given(st.lists(st.sampled_from(["The median", "The mean", "The target"]), max_size=3))
def test_the_widget_never_shows_an_unexpected_error(chosen):
    quiz = _quiz()
    quiz.answer(1, chosen[0] if chosen else None)
    quiz.check(1)
    assert "did not expect" not in quiz.error_text
    assert quiz.status_state in ("ready", "info")
