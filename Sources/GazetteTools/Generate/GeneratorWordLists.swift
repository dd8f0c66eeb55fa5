import Gazette
/// Hand-written word material for the corpus generator. Order matters: the
/// position of a word here is its frequency rank in the generated text.
enum GeneratorWordLists {
    /// Function words and very common news words, roughly most frequent first.
    static let common: [String] = """
    the of and to a in that is for on was with he it as at by said his be from are \
    have has but not an they were who which this will had been their its after more \
    or one also we new would about up her there out over than she when two year first \
    all can people other into last could time some them what no years only so if most \
    before three while during just against our because do told under since where these \
    between then like those us many such both through even back another any off how \
    according says including may did made four should being around still down five \
    well told city much now however make very same each next day them week own here \
    among early local national several former million per cent percent called long \
    high own public part end take little way good great small large major recent \
    already until without within across whether although though never again often \
    today yesterday later least less five six ten twenty hundred thousand billion \
    area group world life work place case number point home service system issue \
    side members month months states week weeks days hours night morning evening \
    family children women men school health money power water food land police \
    north south east west central general federal official political economic social \
    foreign international military financial private annual senior chief deputy
    """.split(separator: " ").map(String.init)

    /// News nouns; each gets a plural form.
    static let nouns: [String] = """
    government minister election market president court council country company \
    report party law plan tax policy budget bill vote leader community energy price \
    bank economy war security office campaign support decision team season game \
    player coach club league match statement spokesman investigation crime charge \
    trial judge jury prison officer fire hospital patient doctor university student \
    teacher project development district county region road traffic airport flight \
    train station storm flood climate farmer crop industry factory job wage union \
    strike protest rally border trade export deal agreement crisis inflation rate \
    growth share investor stock fund debt loan pension benefit property church \
    court record region parliament committee mayor governor agency department \
    program research scientist study survey result vaccine virus building bridge \
    festival museum concert film album artist author novel dispute lawsuit \
    contract tariff refugee village network platform customer vehicle engine
    """.split(separator: " ").map(String.init)

    /// Regular news verbs; each gets -s, -ed and -ing forms.
    static let verbs: [String] = """
    announce approve claim warn plan report expect include increase reduce raise \
    call open launch visit remain return continue accept reject oppose demand \
    promise confirm deny arrest investigate review consider discuss propose \
    require receive attend appear help start face sign attack question vote \
    elect resign appoint delay cancel hire suspend release ban block restore
    """.split(separator: " ").map(String.init)

    // Syllable material for invented words. Word-initial onsets may cluster;
    // inner syllables use single consonants and simple codas so words stay
    // pronounceable ("dravel", "constrine") rather than alien.
    static let onsets = ["b", "bl", "br", "c", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gr",
                         "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "r", "s", "sc", "sl", "sp",
                         "st", "str", "t", "th", "tr", "v", "w", "ch", "sh", "", ""]
    static let innerOnsets = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v",
                              "st", "tr", "pl", "nd", ""]
    static let vowels = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "ea", "ai", "ou", "io"]
    static let innerCodas = ["", "", "", "", "n", "r", "l", "s", "m"]
    static let codas = ["", "n", "r", "l", "m", "nt", "nd", "st", "ck", "p", "t", "v", "s",
                        "rn", "rt", "ld", "ng", "ct", "mp", "x", "sh", "nk"]

    static let firstNames = [
        "Maria", "James", "Aisha", "David", "Elena", "Michael", "Priya", "Robert", "Sofia",
        "Daniel", "Grace", "Thomas", "Amara", "William", "Hannah", "Joseph", "Mei", "Samuel",
        "Laura", "Kwame", "Olivia", "Carlos", "Fatima", "Peter", "Ingrid", "Rahul", "Chloe",
        "Andrew", "Yuki", "Martin", "Nadia", "Paul", "Lucia", "George", "Amina", "Stephen",
        "Rosa", "Jonathan", "Leila", "Victor",
    ]

    static let surnameEndings = ["", "", "son", "ley", "ton", "er", "ford", "man", "ski", "ez"]

    /// Hosts of the invented news sites, most prolific first.
    static let hosts = [
        "www.riverside-courier.com", "northfield-gazette.com", "www.harborview-times.com",
        "thedailyledger.net", "lakeshore-herald.com", "www.capitalobserver.com",
        "mountainpost.org", "www.valleytribune.com", "eastbay-chronicle.com",
        "pinecrest-journal.com", "www.coastalsentinel.com", "midland-examiner.com",
        "www.prairieclarion.com", "southport-bulletin.co.uk", "www.metroexpress.net",
        "westfield-record.com", "cedarfalls-dispatch.com", "www.thenationalwire.com",
        "oakridge-independent.com", "www.bayside-star.com", "highland-mercury.com",
        "granitecity-news.com", "www.silverlake-press.com", "ironbridge-post.co.uk",
        "www.kingsport-enquirer.com", "redwood-register.com", "fairhaven-monitor.org",
        "www.stonebrook-times.com", "millbrook-advertiser.com", "www.northernbeacon.com",
        "clearwater-citizen.com", "www.hillcrest-guardian.com", "brookfield-sun.com",
        "www.twinrivers-echo.com", "summit-daily.net", "www.marshallcounty-news.com",
        "ashford-telegraph.co.uk", "newhaven-review.com", "www.portland-observer.com",
        "elmwood-voice.com", "www.sandcastle-herald.com", "crestview-reporter.com",
        "www.blackwater-tribune.com", "greenvale-leader.com", "www.foxhollow-gazette.com",
        "lowell-standard.com", "www.rockport-times.org", "maplewood-mail.com",
        "www.centralvalley-news.net", "easton-evening-post.com",
    ]

    /// Datelines and wire names for syndication credits ("NORTHFIELD (AP) —").
    static let datelines = ["NORTHFIELD", "RIVERSIDE", "LAKESHORE", "SOUTHPORT", "CEDAR FALLS",
                            "ASHFORD", "KINGSPORT", "MILLBROOK", "WASHINGTON", "LONDON"]
    static let wires = ["AP", "Reuters", "AFP", "Gazette Wire", "CNS"]
}
