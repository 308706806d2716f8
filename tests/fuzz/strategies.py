"""What a hostile or merely careless sender types: any Unicode text, biased towards the
characters that trip parsers (NUL and other controls, invisible marks copied from Arabic
text, digits of other scripts, separators, the keywords), sometimes past 1,600 characters."""

from __future__ import annotations

from hypothesis import strategies as st

ASCII_DIGITS = "0123456789"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
FULLWIDTH = "０１２３４５６７８９"
DIGIT_SCRIPTS = (ASCII_DIGITS, ARABIC_INDIC, EASTERN_ARABIC_INDIC, FULLWIDTH)
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x0d\x1b\x1f\x7f\x85\x9f"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u061c\u2066\u2069\ufeff\u00ad"
SPACES = " \t\n\u00a0\u2007\u202f\u3000\u2028"
SEPARATORS = " -./"
TRICKY = ("+#*()[]'\"\\%&;<>_،؛؟" "²³½¹" "ßİıﬁǅ" "éÉèÊçÀ" "ًٌٍَُِّْـ"
          "تتبعتوقفابدأ" "SUIVIstatutSTOPstartARRÊTarret")
INTERESTING = (ASCII_DIGITS + ARABIC_INDIC + EASTERN_ARABIC_INDIC + FULLWIDTH + CONTROLS
               + INVISIBLE + SPACES + SEPARATORS + TRICKY)

# Any character a str may hold in an HTTP request (no lone surrogates), or one of the above.
characters = st.one_of(st.characters(codec="utf-8"), st.sampled_from(INTERESTING))
short_text = st.text(characters, max_size=40)


@st.composite
def long_text(draw: st.DrawFn, *, min_size: int = 1600) -> str:
    """A piece repeated past `min_size` characters, then a tail (a pasted letter)."""
    piece = draw(st.text(characters, min_size=1, max_size=12))
    return piece * (min_size // len(piece) + 1) + draw(short_text)


hostile_text = st.one_of(short_text, short_text, short_text, long_text())
# The same without C0 and C1 controls, which the input guard refuses before any view runs:
# to reach the code behind it.
visible_text = st.text(st.one_of(st.characters(codec="utf-8", exclude_categories=["Cc"]),
                                 st.sampled_from(INTERESTING.translate(
                                     dict.fromkeys(map(ord, CONTROLS))))), max_size=40)


@st.composite
def typed(draw: st.DrawFn, digits: str) -> str:
    """ASCII `digits` as a person may type them: each digit in any script, separators and
    spaces between, invisible direction marks (copied from Arabic text) around."""
    out = []
    for digit in digits:
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(" -./\u00a0")))
        if draw(st.integers(0, 9)) == 0:
            out.append(draw(st.sampled_from("\u200e\u200f\u061c")))
        out.append(draw(st.sampled_from(DIGIT_SCRIPTS))[int(digit)])
    mark = draw(st.sampled_from(["", "\u200e", "\u200f", " ", "\n"]))
    return mark + "".join(out) + mark
