"""Drafting: find what a coder codes (quotations and speakers, numbers, dates, entity mentions)
in a new article by rule, in English and Spanish, and write them as draft statements.

Every finding keeps its code-point offsets into the article, so a coder can check it against the
text; nothing here is published until a coder has reviewed it and removed its `draft` mark.
"""
