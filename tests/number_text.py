"""A hypothesis strategy: text made of what numbers, dates and amounts are written with."""

from hypothesis import strategies as st

# Text made of the pieces numbers, dates, amounts and punctuation are made of.
TEXT = st.lists(
    st.sampled_from(
        [
            *"0123456789 .,:-/%€$¿?¡!abcdeél\n`[]()",
            "de ",
            "the ",
            " dólares",
            " noviembre",
            " millones",
            "https://a.b/1",
        ]
    ),
    max_size=30,
).map("".join)
