"""`/campaign ...` parsing, shared by both adapters: what is read, and what is refused with which sentence."""

from __future__ import annotations

import pytest

from bot.common import campaign_args, texts
from bot.common.campaign_args import Act, CampaignUsage, Export, New, Set, parse
from core.types import ExportFormat, TaskKind


def test_new_reads_quoted_question_and_choices() -> None:
    parsed = parse('/campaign new Pets image_binary "Is there a cat?" yes=Yes, no=No')
    assert parsed == New("Pets", TaskKind.IMAGE_BINARY, "Is there a cat?", (("yes", "Yes"), ("no", "No")))


def test_the_command_may_be_addressed_to_the_bot_and_campaigns_are_named_or_numbered() -> None:
    assert parse("/campaign@chatlabel_bot start 12") == Act("start", 12)
    assert parse('stats "Cats and dogs"') == Act("stats", "Cats and dogs")
    assert parse("/campaign upload Pets") == Act("upload", "Pets")
    assert parse("/CAMPAIGN PAUSE Pets") == Act("pause", "Pets")


def test_a_command_addressed_to_another_bot_is_not_ours() -> None:
    assert campaign_args.addressed_elsewhere("/campaign@otherbot upload Pets", "chatlabel_bot")
    assert campaign_args.addressed_elsewhere("  /CAMPAIGN@Other_Bot\nupload Pets", "chatlabel_bot")
    assert not campaign_args.addressed_elsewhere("/campaign@ChatLabel_Bot upload Pets", "chatlabel_bot")
    assert not campaign_args.addressed_elsewhere("/campaign upload Pets", "chatlabel_bot")


def test_set_keeps_the_rest_as_the_value() -> None:
    assert parse("/campaign set Pets instructions Look closely at the ears") == Set(
        "Pets", "instructions", "Look closely at the ears"
    )


def test_export_formats() -> None:
    assert parse("/campaign export 3 LABEL_STUDIO") == Export(3, ExportFormat.LABEL_STUDIO)
    with pytest.raises(CampaignUsage) as refused:
        parse("/campaign export 3 xls")
    assert refused.value.user_message == texts.bad_export_format(campaign_args.FORMATS)


@pytest.mark.parametrize(
    "text",
    ["/campaign", "/campaign fly Pets", "/campaign start", "/campaign start a b", '/campaign new "unclosed', "set a b"],
)
def test_malformed_commands_get_the_usage(text: str) -> None:
    with pytest.raises(CampaignUsage) as refused:
        parse(text)
    assert refused.value.user_message == texts.USAGE_CAMPAIGN


def test_unknown_kinds_and_bad_choices_are_named() -> None:
    with pytest.raises(CampaignUsage, match="no task kind 'poem'"):
        parse('/campaign new Pets poem "Q?" a=A,b=B')
    for choices in ("yes", "yes=Yes", "yes=Yes,=No", "a=A,b"):
        with pytest.raises(CampaignUsage) as refused:
            campaign_args.new("Pets", "bot_or_not", "Q?", choices)
        assert refused.value.user_message == texts.bad_choices(choices)
