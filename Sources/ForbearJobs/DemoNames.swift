import ForbearCore

/// Synthetic people and places per country: common first and last names, real-looking streets and city postcodes.
/// Combined at random they describe nobody real.
enum DemoNames {
    struct Country {
        var firstNames: [String]
        var lastNames: [String]
        var streets: [String]
        var cities: [(String, String)]
        var language: Language
        var phonePrefix: String
        var houseFirst: Bool
    }

    static let data: [ForbearCore.Country: Country] = [
        .FI: Country(
            firstNames: [
                "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Mikko", "Noora", "Otto", "Sanna", "Tuomas",
                "Veera", "Ville",
            ],
            lastNames: [
                "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen",
                "Järvinen", "Lehtonen", "Saarinen",
            ],
            streets: [
                "Mannerheimintie", "Hämeenkatu", "Aleksanterinkatu", "Kauppakatu", "Koulukatu", "Puistokatu",
                "Rantatie", "Koivukuja",
            ],
            cities: [
                ("Helsinki", "00100"), ("Tampere", "33100"), ("Turku", "20100"), ("Oulu", "90100"),
                ("Jyväskylä", "40100"), ("Kuopio", "70100"),
            ],
            language: .fi, phonePrefix: "+358 40 ", houseFirst: false),
        .NL: Country(
            firstNames: [
                "Anouk", "Bram", "Daan", "Emma", "Fleur", "Jeroen", "Lotte", "Milan", "Noor", "Ruben", "Sanne", "Thijs",
                "Yara", "Wouter",
            ],
            lastNames: [
                "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer",
                "de Boer", "Mulder", "Bos",
            ],
            streets: [
                "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianalaan", "Beatrixstraat",
                "Lindenlaan",
            ],
            cities: [
                ("Amsterdam", "1012 AB"), ("Rotterdam", "3011 CD"), ("Utrecht", "3511 EF"), ("Eindhoven", "5611 GH"),
                ("Groningen", "9711 JK"), ("Zwolle", "8011 LM"),
            ],
            language: .nl, phonePrefix: "+31 6 ", houseFirst: false),
        .BE: Country(
            firstNames: [
                "Arne", "Elise", "Femke", "Jonas", "Lien", "Lucas", "Marie", "Nathan", "Noah", "Ruth", "Sofie", "Wout",
                "Lore", "Tibo",
            ],
            lastNames: [
                "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
                "De Smet", "Dubois", "Lambert",
            ],
            streets: [
                "Kerkstraat", "Stationsstraat", "Nieuwstraat", "Schoolstraat", "Molenstraat", "Dorpsstraat",
                "Kapelstraat", "Veldstraat",
            ],
            cities: [
                ("Antwerpen", "2000"), ("Gent", "9000"), ("Brugge", "8000"), ("Leuven", "3000"), ("Hasselt", "3500"),
                ("Mechelen", "2800"),
            ],
            language: .nl, phonePrefix: "+32 470 ", houseFirst: false),
        .DK: Country(
            firstNames: [
                "Anders", "Astrid", "Emil", "Freja", "Ida", "Jonas", "Karen", "Lars", "Mads", "Mette", "Nanna",
                "Rasmus", "Signe", "Søren",
            ],
            lastNames: [
                "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
                "Jørgensen", "Petersen", "Madsen",
            ],
            streets: [
                "Vestergade", "Østergade", "Nørregade", "Søndergade", "Skolevej", "Kirkevej", "Møllevej", "Engvej",
            ],
            cities: [
                ("København", "1050"), ("Aarhus", "8000"), ("Odense", "5000"), ("Aalborg", "9000"), ("Esbjerg", "6700"),
                ("Roskilde", "4000"),
            ],
            language: .da, phonePrefix: "+45 ", houseFirst: false),
        .IT: Country(
            firstNames: [
                "Alessandro", "Chiara", "Francesca", "Giulia", "Giuseppe", "Lorenzo", "Luca", "Marco", "Martina",
                "Matteo", "Sara", "Sofia", "Valentina", "Andrea",
            ],
            lastNames: [
                "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
                "Bruno", "Gallo",
            ],
            streets: [
                "Via Roma", "Via Garibaldi", "Via Mazzini", "Corso Italia", "Via Dante", "Via Verdi", "Via Cavour",
                "Viale Europa",
            ],
            cities: [
                ("Milano", "20121"), ("Roma", "00184"), ("Torino", "10121"), ("Bologna", "40121"), ("Firenze", "50122"),
                ("Napoli", "80133"),
            ],
            language: .it, phonePrefix: "+39 3", houseFirst: false),
        .GB: Country(
            firstNames: [
                "Amelia", "Charlotte", "Daniel", "Emily", "George", "Harry", "Isla", "Jack", "Olivia", "Oscar",
                "Sophie", "Thomas", "Lucy", "James",
            ],
            lastNames: [
                "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
                "Thompson", "Evans",
            ],
            streets: [
                "High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane",
                "Queen Street", "Green Lane",
            ],
            cities: [
                ("Leeds", "LS1 4AP"), ("Manchester", "M1 2AB"), ("Bristol", "BS1 5TR"), ("Sheffield", "S1 2HE"),
                ("Leicester", "LE1 5WW"), ("York", "YO1 7HH"),
            ],
            language: .en, phonePrefix: "+44 7700 ", houseFirst: true),
    ]
}
