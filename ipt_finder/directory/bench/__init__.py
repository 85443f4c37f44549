"""The search benchmark behind `manage.py bench_search`: serve the site as in production,
drive it with concurrent requests over a mix of real URLs, and report what a visitor gets."""
