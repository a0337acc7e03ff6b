"""The built-in sample business used when no profile is given (CLI one-off runs, demo, bench)."""

from __future__ import annotations

from worker.submission import BusinessProfile

SAMPLE_PROFILE = BusinessProfile(
    business_name="Northwind Pixel Labs",
    email="hello@northwindpixel.example",
    phone="+15125550147",
    website="https://northwindpixel.example",
    contact_name="Dana Whitfield",
    contact_first_name="Dana",
    contact_last_name="Whitfield",
    address="1200 Congress Ave Suite 400, Austin, TX 78701",
    street="1200 Congress Ave Suite 400",
    city="Austin",
    region="TX",
    postal_code="78701",
    country="US",
    description=(
        "Northwind Pixel Labs builds fast, accessible websites and custom web software for small businesses "
        "across Central Texas. We handle design, development, hosting and ongoing support."
    ),
    categories=("Technology", "Web Design"),
    hours="Mon-Fri 9:00-17:00",
    social_links={"facebook": "https://facebook.com/northwindpixel", "linkedin": "https://linkedin.com/company/northwindpixel"},
    keywords=("web design", "software development", "IT consulting"),
)


def sample_profile() -> BusinessProfile:
    return SAMPLE_PROFILE
