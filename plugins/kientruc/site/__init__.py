"""Every generated page as Markdown, and the navigation: (model, options) → ``SitePlan``."""
