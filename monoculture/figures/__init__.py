"""The book's figures: one function per figure, one module per chapter.

Each function takes results the chapter has computed with the package and
returns a finished Altair chart with a title and a screen-reader description.
The chapters call them in one line, so the page shows the model and its
numbers, not the plotting code.
"""
