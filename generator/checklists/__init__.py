"""Design-area checklists: how far the generated code carries each item, per environment.

An item is in one of three states:

* ``done``   every part of the item that code can do is done, proven by claims that all
             hold (the remaining process work, if any, is named); its box is ticked;
* ``partly`` some claims hold, listed as evidence, and the item says what is left; its box
             stays unticked;
* ``open``   no claim serves it.

``plan`` decides the states when a repository is rendered; ``status`` re-reads a rendered
repository and re-proves each claim per environment; ``export`` writes the review-checklists
JSON, CSV or Markdown; ``graph`` and ``verify`` turn claims into Azure Resource Graph queries.
"""

from __future__ import annotations

DONE, PARTLY, OPEN = "done", "partly", "open"
STATES = (DONE, PARTLY, OPEN)
