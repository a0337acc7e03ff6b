"""Small region / country tables: a US state finds its abbreviation or full name, "US" finds "United States"."""

from __future__ import annotations

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "PR": "Puerto Rico",
}
CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
AU_STATES: dict[str, str] = {
    "NSW": "New South Wales", "VIC": "Victoria", "QLD": "Queensland", "WA": "Western Australia",
    "SA": "South Australia", "TAS": "Tasmania", "ACT": "Australian Capital Territory", "NT": "Northern Territory",
}

# ISO alpha-2 -> (alpha-3, names...)
COUNTRIES: dict[str, tuple[str, ...]] = {
    "US": ("USA", "United States", "United States of America", "America", "U.S.", "U.S.A."),
    "CA": ("CAN", "Canada"),
    "GB": ("GBR", "United Kingdom", "UK", "Great Britain", "England", "Britain", "U.K."),
    "IE": ("IRL", "Ireland"),
    "AU": ("AUS", "Australia"),
    "NZ": ("NZL", "New Zealand"),
    "DE": ("DEU", "Germany", "Deutschland"),
    "FR": ("FRA", "France"),
    "ES": ("ESP", "Spain", "España"),
    "IT": ("ITA", "Italy", "Italia"),
    "NL": ("NLD", "Netherlands", "The Netherlands", "Holland"),
    "BE": ("BEL", "Belgium"),
    "CH": ("CHE", "Switzerland"),
    "AT": ("AUT", "Austria"),
    "SE": ("SWE", "Sweden"),
    "NO": ("NOR", "Norway"),
    "DK": ("DNK", "Denmark"),
    "FI": ("FIN", "Finland"),
    "PL": ("POL", "Poland"),
    "PT": ("PRT", "Portugal"),
    "MX": ("MEX", "Mexico", "México"),
    "BR": ("BRA", "Brazil", "Brasil"),
    "IN": ("IND", "India"),
    "JP": ("JPN", "Japan"),
    "CN": ("CHN", "China"),
    "SG": ("SGP", "Singapore"),
    "ZA": ("ZAF", "South Africa"),
    "AE": ("ARE", "United Arab Emirates", "UAE"),
    "PH": ("PHL", "Philippines"),
    "AR": ("ARG", "Argentina"),
}

_STATE_TABLES = (US_STATES, CA_PROVINCES, AU_STATES)


def region_forms(region: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """(code, full name) of a region given as either, e.g. 'tx' -> ('TX', 'Texas')."""
    if not region:
        return None, None
    r = region.strip()
    tables = list(_STATE_TABLES)
    c = (country or "").upper()
    if c == "CA":
        tables = [CA_PROVINCES, US_STATES, AU_STATES]
    elif c == "AU":
        tables = [AU_STATES, US_STATES, CA_PROVINCES]
    for table in tables:
        if r.upper() in table:
            return r.upper(), table[r.upper()]
        for code, name in table.items():
            if name.lower() == r.lower():
                return code, name
    return None, r


def country_forms(country: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(alpha-2, names incl. alpha-3) for a code or a name; unknown names come back as themselves."""
    if not country:
        return None, ()
    c = country.strip()
    if c.upper() in COUNTRIES:
        return c.upper(), COUNTRIES[c.upper()]
    for code, names in COUNTRIES.items():
        if any(n.lower() == c.lower() for n in names):
            return code, names
    return None, (c,)


def country_display_name(country: str | None) -> str | None:
    code, names = country_forms(country)
    if code:
        return names[1]
    return names[0] if names else None
