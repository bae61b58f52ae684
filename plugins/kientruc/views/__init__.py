"""Which boxes and arrows each diagram shows: (model, snapshot) → :class:`~kientruc.views.view.View` (pure data)."""
