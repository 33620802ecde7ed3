"""Home-page cards of the funding app."""
