"""Question understanding: rules over the indexed data's vocabulary (:class:`QuestionParser`),
follow-ups that act on the previous plan, and the personal-data refusal."""

from askdesk.answering.understand.follow_up import is_follow_up, merge_follow_up, refers_to_the_one_listed
from askdesk.answering.understand.parser import QuestionParser
from askdesk.answering.understand.personal import asks_for_personal_data
from askdesk.answering.understand.text import clean_question

__all__ = ["QuestionParser", "asks_for_personal_data", "clean_question", "is_follow_up", "merge_follow_up",
           "refers_to_the_one_listed"]
