"""The atlas's name of a country where it differs from the name CollabKB
stores (ISO 3166, as cases/countries.py gives it): Natural Earth shortens
and uses older names ("Russia", "Turkey", "St. Kitts and Nevis")."""

ATLAS_NAMES = {
    "Antigua and Barbuda": "Antigua and Barb.",
    "British Indian Ocean Territory": "Br. Indian Ocean Ter.",
    "Brunei Darussalam": "Brunei",
    "Cayman Islands": "Cayman Is.",
    "Congo, The Democratic Republic of the": "Democratic Republic of the Congo",
    "Cook Islands": "Cook Is.",
    "Falkland Islands (Malvinas)": "Falkland Islands",
    "Faroe Islands": "Faeroe Is.",
    "French Polynesia": "Fr. Polynesia",
    "French Southern Territories": "French Southern and Antarctic Lands",
    "Heard Island and McDonald Islands": "Heard I. and McDonald Is.",
    "Holy See (Vatican City State)": "Vatican",
    "Marshall Islands": "Marshall Is.",
    "Micronesia, Federated States of": "Micronesia",
    "North Macedonia": "Macedonia",
    "Northern Mariana Islands": "N. Mariana Is.",
    "Palestine, State of": "Palestine",
    "Pitcairn": "Pitcairn Is.",
    "Russian Federation": "Russia",
    "Saint Barthélemy": "St-Barthélemy",
    "Saint Helena, Ascension and Tristan da Cunha": "Saint Helena",
    "Saint Kitts and Nevis": "St. Kitts and Nevis",
    "Saint Martin (French part)": "St-Martin",
    "Saint Pierre and Miquelon": "St. Pierre and Miquelon",
    "Saint Vincent and the Grenadines": "St. Vin. and Gren.",
    "Sao Tome and Principe": "São Tomé and Principe",
    "Sint Maarten (Dutch part)": "Sint Maarten",
    "South Georgia and the South Sandwich Islands": "S. Geo. and the Is.",
    "Turks and Caicos Islands": "Turks and Caicos Is.",
    "Türkiye": "Turkey",
    "Virgin Islands, British": "British Virgin Is.",
    "Virgin Islands, U.S.": "U.S. Virgin Is.",
    "Wallis and Futuna": "Wallis and Futuna Is.",
    "Åland Islands": "Åland",
}


def atlas_name(country):
    return ATLAS_NAMES.get(country, country)
