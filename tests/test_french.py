"""French as the site writes it: the one helper each wording comes from."""

from __future__ import annotations

from generator.french import since_fr, until_fr


def test_dates_after_depuis_and_jusque_read_as_french_at_every_precision() -> None:
    assert since_fr("2016-11-24") == "depuis le 24 novembre 2016"
    assert since_fr("2015-07-01") == "depuis le 1er juillet 2015"
    assert since_fr("2016-07") == "depuis juillet 2016"
    assert since_fr("2016") == "depuis 2016"
    assert until_fr("2020-06-30") == "jusqu’au 30 juin 2020"
    assert until_fr("2020-06") == "jusqu’en juin 2020"
    assert until_fr(2020) == "jusqu’en 2020"
    assert since_fr(None) == until_fr("") == ""
