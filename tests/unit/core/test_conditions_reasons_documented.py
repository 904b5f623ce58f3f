import mediaos.core.conditions as conditions


def test_every_reason_constant_is_documented_in_reasons() -> None:
    types = {conditions.READY, conditions.STALLED, *conditions.ITEM_TYPES}
    constants = {
        value
        for name, value in vars(conditions).items()
        if name.isupper() and isinstance(value, str) and value not in types
    }
    assert constants == set(conditions.REASONS)


def test_every_reason_is_camel_case_and_explained_in_one_sentence() -> None:
    for reason, meaning in conditions.REASONS.items():
        assert reason[0].isupper() and reason.isalnum(), reason
        assert meaning.endswith("."), reason


def test_item_condition_types_are_the_seven_of_the_architecture() -> None:
    assert conditions.ITEM_TYPES == (
        "Wanted", "Searching", "Grabbed", "Downloading", "Importing", "Available", "Blocked",
    )  # fmt: skip
