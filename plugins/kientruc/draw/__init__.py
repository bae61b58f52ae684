"""A view drawn: View → DOT → cleaned SVG (cached) → the HTML block a page embeds."""
