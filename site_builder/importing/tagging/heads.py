"""Words that say what a capitalised name is: the last word of an organisation's, a thing's or a company's name,
everyday acronyms that name no organisation, the shapes of an acronym and of a word of a person's name.

Shared by ``entities.py`` (classifying a name), ``joining.py`` (one entity, one spelling) and ``roles.py``.
"""
from __future__ import annotations

import re

#: Last words of an organisation's name (``Bank``, ``Ministry``, ``Airlines``).
ORG_HEADS = frozenset("""Inc Corp Corporation Co Company Ltd Limited PLC Plc AG SA NV GmbH Group Holdings Bank Bancorp
Association Commission Council Ministry Department Agency Union Party Organisation Organization Fund Federation
Institute University College Committee Service Services Court Bureau Board Exchange Authority Office Administration
Mission Nations League Army Navy Force Forces Police Parliament Assembly Congress Senate Church Foundation Society
Airlines Airways Motors Industries Systems Securities Trust Partners Investors Times Post News Journal Television
Radio Network Club Center Centre School Hospital Reserve Treasury Commerce Chamber Guard Front Movement Alliance
Cabinet Government Corps Coalition Program Programme Project Institution Stores Communications Energy Petroleum Oil
Theatre Theater Museum Gallery Orchestra Opera Ballet Studios Zoo Library
Workers Steelworkers Employees Teamsters Machinists Producers Exporters Importers Manufacturers Growers Miners Dealers
Brokers Builders Retailers Bankers Shippers Refiners Unions Cooperatives
""".split())  # plural trades head unions and trade bodies: ``United Steelworkers of America``, ``Auto Workers``
THING_HEADS = frozenset("""Accord Accords Agreement Pact Treaty Act Bill Law Tax Plan Market Markets Index Rate Democrat
Democrats Republican Republicans Conservative Conservatives Socialist Socialists Communist Communists Liberal Liberals
Street Avenue Road Square Bridge River Lake Mountain Mountains Island Islands Sea Ocean Gulf Bay Valley Province
Region State Airport Stadium Cup Prize Award Awards Games Championship League Open Festival Day Week War Crisis
Tower Towers Building Summit Conference Talks Round Programme Program Project Initiative Strategy Doctrine Protocol Charter Convention
""".split())
#: Last words that make a name a rate, a law, an index or a plan, whatever organisation is named inside it
INSTRUMENT_HEADS = frozenset("Rate Rates Act Bill Law Index Accord Agreement Pact Treaty Tax Plan Protocol Charter "
                              "Doctrine Initiative Strategy Program Programme".split())
NOT_ORGS = frozenset("""GDP GNP CPI PPI VAT SDR SDRs CEO CFO IPO EPS ECU LIBOR OK TV PC AIDS HIV DNA GMT EST PST AM PM
BC AD UK US USA EU MP MPs PR IT ID CD CDs DVD DVDs DOS MW GW KW MB GB TB KB FRN CMO IPTV ATM SMS GPS PIN VAT
PhD AAA AA BBB BB CCC CC""".split())  # everyday acronyms (and units, credit ratings) that are not organisations
ACRONYM = re.compile(r"[A-Z][A-Z.&]{1,6}")
NAME_WORD = re.compile(r"[A-Z][a-z’'\-]+(?:-[A-Z][a-z]+)?|[A-Z]\.")

#: Legal forms a company's name may end with (``BlackRock Inc.``, ``Dai Nippon Printing Co Ltd``), full stops dropped.
LEGAL_FORMS = frozenset("Inc Corp Corporation Co Ltd Limited PLC Plc AG SA S.A NV N.V GmbH LLC".split())
#: Last words of a company's name: a legal form, or ``Group``, ``Holdings``.
COMPANY_HEADS = LEGAL_FORMS | {"Group", "Holdings"}
