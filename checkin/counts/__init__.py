"""Counting people: every headcount the desks, the dashboard and the day report show.

``headcounts`` defines each count in SQL over the presence projection (the
oracle); ``live`` keeps the same numbers current at the cost of new facts
only; ``desk`` answers the four numbers of a desk's counter strip; and
``dashboard`` assembles what the organizer's window and day report show.
"""
