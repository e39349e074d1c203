"""English stories of the demo site (invented events, written for this project)."""

# Each story: see _build.py for the meaning of the keys. Paragraph items are plain
# strings, ("ul", [items]) for a list that belongs to the story, or ("tweet", {...}).
STORIES_EN = [
    {
        "key": "en-water",
        "path": "/en/news/2025/06/02/jordan-water-deal-signed",
        "section": "news",
        "title": "Amman and Damascus sign five-year water-sharing deal for the Yarmouk basin",
        "standfirst": "Negotiators agreed on seasonal release quotas after eleven months of talks, "
        "but farmers in the Jordan Valley say the volumes still fall short of their needs.",
        "author": ("Jane Doe", "Senior Correspondent"),
        "published": "2025-06-02T10:15:00+03:00",
        "modified": "2025-06-02T13:40:00+03:00",
        "date_style": "jsonld",
        "tags": ["water", "jordan", "syria"],
        "paragraphs": [
            ("Jordanian and Syrian officials signed a five-year agreement on Monday that sets "
            "out how much water each side may draw from the Yarmouk basin during the dry "
            "season, ending a dispute that had stalled irrigation planning on both banks."),
            ("Under the deal, the Wahda dam will release a guaranteed minimum of 42 million "
            "cubic metres between May and September, with a joint technical committee "
            "meeting every quarter to review rainfall data and adjust the schedule."),
            ("Jordan's water minister, Khaled Mansour, told reporters at the signing ceremony "
            "in Amman that the agreement was \"the first one in two decades that both sides "
            "can actually measure\", pointing to new flow meters funded by a regional "
            "development bank."),
            ("The talks began last July after a summer in which reservoirs in northern Jordan "
            "fell to a quarter of their capacity, forcing rationing in Irbid and Ramtha."),
            ("Farmers' unions in the Jordan Valley welcomed the predictability of the new "
            "schedule but said the minimum volume would cover barely two thirds of the "
            "water their members used before the drought years."),
            ("\"A number on paper does not grow tomatoes,\" said Hussein Obeidat, who farms "
            "twelve hectares near Deir Alla. \"We need to see the water in the canal in "
            "August, when it matters.\""),
            ("The joint committee is due to publish its first quarterly report in September. "
            "Both governments said the agreement could be extended for another five years "
            "if the monitoring system works as planned."),
        ],
        "teaser": ("glued", 3, "en-heatwave"),
        "reach": {"sitemap", "news", "feed", "sections"},
        "comments": [
            ("Rami K.", "Finally some good news for the valley, let us hope the dam keeps its promise."),
            ("Dana", "Forty-two million cubic metres is nothing compared to what we lost in 2021."),
        ],
    },
    {
        "key": "en-aqaba",
        "path": "/en/business/2025/06/03/aqaba-port-expansion-contract",
        "section": "business",
        "title": "Aqaba port operator awards $410m contract to expand container terminal",
        "standfirst": "The expansion will add two berths and is meant to double the terminal's "
        "capacity by 2028.",
        "author": ("Omar Haddad", "Business Editor"),
        "published": "2025-06-03T09:40:00+03:00",
        "date_style": "meta",
        "tags": ["aqaba", "trade", "ports"],
        "paragraphs": [
            ("The company that runs Aqaba's container terminal has awarded a $410 million "
            "construction contract to a consortium of Jordanian and Turkish builders, the "
            "largest single investment at the Red Sea port in more than a decade."),
            ("The operator said in a statement to the Amman stock exchange that the work "
            "would be carried out in three phases and financed partly through a bond issue "
            "planned for the autumn."),
            "The contract covers the following works:",
            ("ul", [
                "two new deep-water berths with a combined quay length of 720 metres",
                "twelve electric rubber-tyred gantry cranes",
                "a rail siding linking the terminal to the planned national freight line",
                "a new truck gate with automated customs inspection lanes",
            ]),
            ("Traffic through Aqaba fell sharply in 2024 when shipping lines diverted vessels "
            "away from the Red Sea, but volumes have recovered since March as insurers "
            "lowered their premiums for the route."),
            ("Analysts at a regional brokerage said the timing was ambitious. \"Building in "
            "a port that has to stay open is slow and expensive,\" one analyst wrote in a "
            "note to clients, adding that the rail link depended on a government project "
            "that has yet to secure full funding."),
            "The operator expects the first new berth to open in the second half of 2027.",
        ],
        "teaser": ("own", 5, "en-pound"),
        "reach": {"sitemap", "feed", "sections"},
        "comments": [
            ("Sameer", "Good for Aqaba, but the trucks on the Desert Highway are already a nightmare."),
            ("Lina H.", "Will any of these jobs go to local engineers?"),
            ("Port watcher", "Rail siding is the real story here if it ever gets built."),
        ],
    },
    {
        "key": "en-beirut-power",
        "path": "/en/news/2025/06/04/beirut-power-cuts-ease",
        "section": "news",
        "title": "Beirut power cuts ease as fuel shipment docks at Zahrani",
        "standfirst": "State supply rises to ten hours a day in the capital for the first time "
        "since February.",
        "author": ("Maya Khoury", "Beirut Correspondent"),
        "published": "2025-06-04T07:05:00+03:00",
        "modified": "2025-06-04T09:30:00+03:00",
        "date_style": "jsonld",
        "tags": ["lebanon", "energy"],
        "paragraphs": [
            ("Households in Beirut received up to ten hours of electricity from the state "
            "grid on Wednesday after a tanker carrying 60,000 tonnes of fuel oil unloaded "
            "at the Zahrani terminal south of Sidon."),
            ("The state utility said supply would stay at that level for at least three "
            "weeks, allowing it to run two plants that had been idle since the winter."),
            ("For most residents the change means a smaller bill from the private generator "
            "owners who fill the gaps. Neighbourhood operators in Achrafieh and Hamra said "
            "they expected to cut their monthly subscription prices by about a fifth."),
            ("Residents who also read the utility's notice on social media complained that "
            "the new schedule was published only in Arabic and only as an image, making it "
            "hard to search or translate."),
            "Hospitals, which had been running their own generators for up to twenty hours a day, said the extra grid supply would save them thousands of dollars a week in diesel.",
            ("Energy ministry officials said a second shipment was due at the end of the "
            "month, but warned that deliveries would depend on payments being cleared "
            "through the central bank on time."),
        ],
        "teaser": ("own", 2, "en-water"),
        "reach": {"sitemap", "news", "feed", "sections"},
        "comments": [
            ("Nadim", "Ten hours! My fridge does not know what to do with itself."),
            ("Hala S.", "Let us see how long it lasts this time."),
        ],
    },
    {
        "key": "en-petra",
        "path": "/en/culture/2025/06/05/petra-night-festival-returns",
        "section": "culture",
        "title": "Petra's candlelit night festival returns after two-year break",
        "standfirst": "Organisers expect 30,000 visitors over ten nights in the ancient city.",
        "author": ("Sara Nimri", "Culture Reporter"),
        "published": "2025-06-05T18:30:00+03:00",
        "modified": "2025-06-05T18:30:00+03:00",
        "date_style": "jsonld",
        "tags": ["petra", "tourism", "culture"],
        "paragraphs": [
            ("Thousands of candles lined the Siq on Thursday evening as Petra's night "
            "festival opened for the first time since 2023, with Bedouin musicians "
            "performing in front of the Treasury until after midnight."),
            ("The Petra Development and Tourism Region Authority said all tickets for the "
            "opening weekend had sold out within two days, and that it had added extra "
            "shuttle buses from Wadi Musa to cope with demand."),
            ("Tourism operators in the town said bookings had been slow to recover after the "
            "regional tensions of the past two years, and that the festival was the first "
            "event this season to fill every hotel."),
            ("tweet", {
                "text": "Candles all the way down the Siq tonight. I have been coming here "
                "for twenty years and never seen it this quiet and this beautiful.",
                "name": "Ahmad Tarawneh",
                "handle": "ahmadtarawneh",
                "date": "June 5, 2025",
            }),
            ("The programme includes storytelling evenings in the Monastery courtyard and a "
            "concert by a youth orchestra from Ma'an on the closing night."),
            ("Conservation experts have asked organisers to keep groups small near the "
            "carved facades, and the authority said it would cap each evening at 3,000 "
            "visitors. Tickets for the remaining nights go on sale every morning at the visitor centre."),
        ],
        "teaser": None,
        "reach": {"sitemap", "news", "feed", "sections"},
        "comments": [
            ("Traveller_88", "We went last night, absolutely magical. Bring a jacket!"),
            ("Yousef", "Please keep the prices reasonable for Jordanians too."),
        ],
    },
    {
        "key": "en-wehdat",
        "path": "/en/sport/2025/06/06/al-wehdat-reach-cup-final",
        "section": "sport",
        "title": "Al-Wehdat beat Al-Ramtha on penalties to reach Jordan Cup final",
        "standfirst": "Goalkeeper Fadi Saleh saved two spot-kicks in front of a sell-out crowd.",
        "author": ("Tariq Abu Zaid", "Sports Writer"),
        "published": "2025-06-06T22:10:00+03:00",
        "date_style": "meta",
        "tags": ["football", "jordan-cup"],
        "paragraphs": [
            ("Al-Wehdat reached the Jordan Cup final on Friday night after beating Al-Ramtha "
            "4-3 on penalties at the King Abdullah II Stadium, where the semi-final had "
            "finished 1-1 after extra time."),
            ("Al-Ramtha led for most of the match through a first-half header from captain "
            "Mahmoud Zoubi, but Al-Wehdat equalised in the 84th minute when substitute "
            "Anas Qasem curled a free kick into the top corner."),
            ("Neither side found a winner in a tense extra half hour, during which both "
            "teams finished with ten men after a scuffle near the halfway line."),
            ("In the shoot-out, goalkeeper Fadi Saleh dived to his left to stop the first "
            "and fourth Al-Ramtha penalties, sending the Al-Wehdat supporters behind his "
            "goal into wild celebration."),
            ("\"We were not at our best tonight, but this team does not give up,\" coach "
            "Ziad Shalabi said afterwards. \"The final is a different story and we will "
            "prepare for it properly.\""),
            ("Al-Wehdat will face the winner of Saturday's second semi-final between "
            "Al-Faisaly and Al-Hussein Irbid in the final on June 20."),
        ],
        "teaser": ("glued", 2, "en-petra"),
        "reach": {"sitemap", "feed", "sections"},
        "comments": [
            ("Wehdati4ever", "Saleh is a wall! Bring on the final."),
            ("Ramtha fan", "Robbed by the referee in extra time, nothing more to say."),
        ],
    },
    {
        "key": "en-fintech",
        "path": "/en/tech/2025/06/07/cairo-fintech-licences",
        "section": "tech",
        "title": "Egypt's central bank grants first digital-only banking licences",
        "standfirst": "Three applicants will be allowed to open accounts without a branch network.",
        "author": ("Nour El-Sayed", "Technology Correspondent"),
        "published": "2025-06-07T11:00:00+03:00",
        "modified": "2025-06-08T08:15:00+03:00",
        "date_style": "jsonld",
        "tags": ["egypt", "fintech", "banking"],
        "paragraphs": [
            ("Egypt's central bank has granted its first licences for digital-only banks, "
            "allowing three companies to offer current accounts, savings and small loans "
            "entirely through mobile apps."),
            ("The licences follow a two-year pilot in which the applicants operated under "
            "supervision with a cap of 50,000 customers each. The cap will be lifted in "
            "stages over the next eighteen months."),
            ("Bankers in Cairo said the move could bring millions of people into the formal "
            "financial system. Roughly half of Egyptian adults still do not hold a bank "
            "account, according to the central bank's latest inclusion survey."),
            ("The new banks must keep their customers' data on servers inside Egypt and "
            "will be subject to the same capital requirements as traditional lenders, a "
            "condition that smaller start-ups had lobbied against."),
            "Consumer groups asked the central bank to publish clear rules on how disputes with app-only banks will be handled, since customers will have no branch to visit if a transfer goes wrong.",
            ("One of the licensees, a company backed by a Gulf sovereign fund, said it would "
            "launch its app to the public in September with a focus on salary accounts for "
            "workers in the informal economy."),
        ],
        "teaser": ("own", 3, "en-aqaba"),
        "reach": {"sitemap", "feed", "sections"},
        "comments": [
            ("Mostafa", "About time. Queuing at the branch for a whole morning is so 1999."),
            ("Skeptic", "Who protects my savings when the app crashes?"),
        ],
    },
    {
        "key": "en-heatwave",
        "path": "/en/news/2025/06/08/heatwave-warning-levant",
        "section": "news",
        "title": "Meteorologists warn of early heatwave across the Levant",
        "standfirst": "Temperatures in the Jordan Valley could pass 45C by the middle of the week.",
        "author": ("Jane Doe", "Senior Correspondent"),
        "published": "2025-06-08T06:45:00+03:00",
        "date_style": "meta",
        "tags": ["weather", "jordan", "lebanon"],
        "paragraphs": [
            ("Weather services in Jordan, Lebanon and Syria issued warnings on Sunday for an "
            "early-summer heatwave expected to last until at least Thursday, with "
            "temperatures forecast to reach 45C in the Jordan Valley."),
            ("Jordan's meteorological department advised people to avoid direct sunlight "
            "between 11am and 4pm and asked employers to give outdoor workers longer "
            "breaks. Several municipalities said they would open air-conditioned halls "
            "to the public."),
            ("Forecasters said a ridge of high pressure over the eastern Mediterranean was "
            "pushing hot desert air north, a pattern that has become more frequent in June "
            "over the past decade."),
            ("Civil defence teams in Lebanon were placed on alert for forest fires in the "
            "Chouf and Akkar mountains, where dry undergrowth caught fire repeatedly last "
            "summer."),
            "Hospitals in Amman and Zarqa said they had prepared extra beds for heat exhaustion cases, and the water authority said it would add tanker deliveries to districts at the end of the supply network, where taps often run dry first during hot spells.",
            ("Temperatures are expected to fall by about five degrees from Friday as a "
            "westerly wind brings cooler sea air inland."),
        ],
        "teaser": None,
        "reach": {"sitemap", "news", "sections"},
        "comments": [
            ("Abu Zaid", "45 degrees in June, what will August look like?"),
            ("Reem", "Please check on your elderly neighbours this week."),
        ],
    },
    {
        "key": "en-pound",
        "path": "/en/business/2025/06/09/lebanese-pound-stable",
        "section": "business",
        "title": "Lebanese pound holds steady as central bank extends dollar platform",
        "standfirst": "The parallel-market rate has barely moved since January.",
        "author": ("Omar Haddad", "Business Editor"),
        "published": "2025-06-09T14:20:00+03:00",
        "modified": "2025-06-09T16:00:00+03:00",
        "date_style": "jsonld",
        "tags": ["lebanon", "currency"],
        "paragraphs": [
            ("Lebanon's central bank said on Monday it would keep its dollar exchange "
            "platform open until the end of the year, a decision traders credited with "
            "holding the pound steady for five months."),
            ("The pound has traded within a narrow band on the parallel market since "
            "January, a sharp contrast with the years after 2019 when it lost more than "
            "ninety per cent of its value."),
            ("Economists cautioned that the stability rested on tight control of the money "
            "supply rather than on any recovery in the wider economy, and that public "
            "sector wages were still far below their pre-crisis level in real terms."),
            ("Shopkeepers in Beirut said steady prices had made it easier to plan, but that "
            "customers were still buying less than they used to."),
            "Money changers in Hamra said most customers now came to sell dollars rather than buy them, a reversal of the pattern seen throughout the crisis years.",
            ("Parliament is due to debate a long-delayed bank restructuring law later this "
            "month, which the International Monetary Fund has said is a condition for any "
            "new financing programme."),
        ],
        "teaser": ("glued", 1, "en-beirut-power"),
        "reach": {"sections"},  # only reachable through links on section pages
        "comments": [
            ("Fouad", "Stable at a terrible rate is still a terrible rate."),
            ("Carla", "Glad my rent stopped jumping every month."),
        ],
    },
    {
        "key": "en-sinkholes",
        "path": "/en/environment/2025/06/10/dead-sea-sinkholes-survey",
        "section": "environment",
        "title": "Survey counts more than 300 new sinkholes along Dead Sea shore",
        "standfirst": "Researchers say the retreating shoreline is opening holes faster than "
        "at any time since records began.",
        "author": ("Leila Farouk", "Environment Reporter"),
        "published": "2025-06-10T12:00:00+03:00",
        "modified": "2025-06-10T12:00:00+03:00",
        "date_style": "jsonld",
        "tags": ["dead-sea", "environment", "science"],
        "paragraphs": [
            ("A drone survey of the Dead Sea's eastern shore has identified 312 sinkholes "
            "that opened in the past two years, according to a report published on Tuesday "
            "by geologists from three Jordanian universities."),
            ("The holes form when fresh groundwater dissolves underground layers of salt "
            "left behind as the sea level drops by more than a metre a year. Some of the "
            "new holes are twenty metres deep."),
            "The researchers recommended several measures:",
            ("ul", [
                "closing the old coastal road south of Ghor Haditha to heavy vehicles",
                "moving two farm wells away from the most active zone",
                "repeating the drone survey every six months",
            ]),
            ("Hotels on the northern shore are not affected, the report said, because they "
            "stand on harder rock further from the retreating water."),
            ("The report's lead author, Dr Rana Abbadi, said the pace of collapse would only "
            "slow if more water reached the sea from the Jordan River. \"Every cubic metre "
            "we divert upstream shows up down here as a hole in the ground,\" she said."),
        ],
        "teaser": ("own", 4, "en-water"),
        "reach": {"feed"},  # only reachable through the RSS feed
        "comments": [
            ("GeoStudent", "Incredible drone images in the full report, worth reading."),
            ("Omar T.", "My grandfather's farm road is gone already."),
        ],
    },
    {
        "key": "en-irbid-hospital",
        "path": "/en/health/2025/06/11/irbid-hospital-new-wing",
        "section": "health",
        "title": "Irbid hospital opens cancer wing to cut waiting times in the north",
        "standfirst": "Patients from Irbid, Jerash and Ajloun will no longer need to travel to "
        "Amman for chemotherapy.",
        "author": ("Hiba Qudah", "Health Reporter"),
        "published": "2025-06-11T09:00:00+03:00",
        "date_style": "meta",
        "tags": ["health", "irbid"],
        "paragraphs": [
            ("A new cancer treatment wing opened at Princess Basma Hospital in Irbid on "
            "Wednesday, giving patients in northern Jordan access to chemotherapy and "
            "radiotherapy without the long journey to the capital."),
            ("The wing has forty beds, two linear accelerators and a day-care unit that can "
            "treat up to sixty patients a day, the health ministry said."),
            ("Until now most cancer patients in the north travelled to Amman two or three "
            "times a week during treatment, a trip of up to two hours each way that many "
            "families struggled to afford."),
            ("The unit was built with a grant from a Gulf development fund and will be "
            "staffed partly by oncologists trained at the King Hussein Cancer Center under "
            "a three-year partnership."),
            "Patients' families who visited the wing on its first day said the difference would be felt most by older patients. \"My father used to spend the whole day on the road after each session,\" said one woman from Ajloun. \"Now it is twenty minutes.\"",
            ("Doctors said the next challenge was recruiting enough specialist nurses, and "
            "the ministry announced forty scholarships for oncology nursing courses."),
        ],
        "teaser": None,
        "reach": {"sitemap", "feed", "sections"},
        "comments": [
            ("Muna", "My mother had to go to Amman every week for six months. This changes lives."),
            ("Dr. A", "Now please fund the nurses properly."),
        ],
    },
    {
        "key": "en-border",
        "path": "/en/news/2025/06/12/syria-border-crossing-reopens",
        "section": "news",
        "title": "Jaber-Nassib crossing reopens to passenger traffic",
        "standfirst": "Buses between Amman and Damascus resume after a four-month suspension.",
        "author": ("Jane Doe", "Senior Correspondent"),
        "published": "2025-06-12T08:30:00+03:00",
        "modified": "2025-06-12T11:10:00+03:00",
        "date_style": "jsonld",
        "tags": ["jordan", "syria", "transport"],
        "paragraphs": [
            ("The Jaber-Nassib crossing between Jordan and Syria reopened to passenger "
            "traffic on Thursday morning, and the first buses from Amman reached Damascus "
            "shortly after midday."),
            ("The crossing had been open only to cargo trucks since February, when both "
            "governments suspended passenger travel while new customs buildings were "
            "completed."),
            ("Travel agents in Amman said demand was high among Syrian families planning "
            "summer visits, and that seats on the first week's buses had sold out."),
            ("Jordan's interior ministry said travellers would need a valid passport and "
            "that processing would take place at a single joint counter, a first for the "
            "crossing."),
            "Customs officers on both sides said cargo traffic would not be affected by the reopening. Around 500 trucks a day have used the crossing since February, carrying mostly fruit, vegetables and construction materials in both directions.",
            ("Traders in Ramtha, whose shops depend on cross-border shoppers, said they "
            "hoped the reopening would revive a town hit hard by the closure."),
        ],
        "teaser": ("glued", 2, "en-water"),
        "reach": {"sitemap", "news", "feed", "sections"},
        "comments": [
            ("Abu Khaled", "Finally I can visit my sister in Daraa."),
            ("Tamer", "Single counter sounds good, let us see how long the queue is."),
        ],
    },
    {
        "key": "en-tawjihi",
        "path": "/en/education/2025/06/13/tawjihi-exams-begin",
        "section": "education",
        "title": "More than 160,000 students sit first Tawjihi exam",
        "standfirst": "The ministry has introduced electronic marking for multiple-choice papers.",
        "author": ("Hiba Qudah", "Education Reporter"),
        "published": "2025-06-13T10:00:00+03:00",
        "date_style": "meta",
        "tags": ["education", "jordan"],
        "paragraphs": [
            ("More than 160,000 students across Jordan sat the first paper of the Tawjihi "
            "secondary school exam on Friday, starting a three-week season that decides "
            "university places for most of them."),
            ("The education ministry said the Arabic language paper passed without major "
            "problems, although eleven students were removed from exam halls for carrying "
            "mobile phones."),
            ("This year multiple-choice papers will be marked electronically for the first "
            "time, which the ministry says will allow results to be published about a week "
            "earlier than usual."),
            ("Parents' groups have asked for the results to include a breakdown by subject "
            "so that students can see exactly where they lost marks, a change the ministry "
            "said it was studying."),
            "Exam halls in Zarqa and Mafraq were fitted with signal jammers for the first time, after a leak of questions on social media disrupted last year's physics paper and forced the ministry to hold a second sitting for thousands of students.",
            "Results are expected in the first week of August.",
        ],
        "teaser": None,
        "reach": {"sitemap", "sections"},
        "comments": [
            ("Proud mum", "Good luck to all the students, especially my son Ali!"),
            ("Teacher R.", "Electronic marking will not fix an exam that tests memory instead of thinking."),
        ],
    },
]
