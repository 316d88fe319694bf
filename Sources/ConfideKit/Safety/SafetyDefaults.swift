/// The rules confide uses when the knowledge folder has no `safety.txt` (or a broken one): the
/// same text as the shipped `Knowledge/safety.txt`, which a test keeps in step.
extension SafetyRules {
    public static let defaults: SafetyRules = {
        do {
            return try parse(defaultText, file: "(built-in safety rules)")
        } catch {
            preconditionFailure("the built-in safety rules do not parse: \(error)")
        }
    }()

    static let defaultText = """
        # Safety: the signs that a question needs real help first, and the help to show.
        #
        # confide checks every question against these patterns before it searches the articles. When
        # one matches, the message and resources of its section are shown first, in every mode (private
        # and --json included), and then the articles' answer if there is one.
        #
        # Format: '# ' starts a comment. Sections: [crisis] (suicidal thoughts, self-harm), [coercion]
        # (sexual coercion, assault, partner violence), [always] (resources shown with every notice) and
        # [idioms] (everyday phrases whose words must not count, like "this is killing me").
        #   message: the calm words shown first
        #   resource: Name | how to reach it
        #   sign: the kind of warning sign the patterns after it stand for (plans and preparation,
        #         means, giving in, control...), shown by `confide ask --explain`
        #   pattern: words, where
        #     word      matches the word or a near miss (one typo at 5+ letters, two at 8+)
        #     word*     matches words that start with it (suicid* matches suicide, suicidal)
        #     a|b       matches either word (alternatives are single words: for two phrases, write
        #               two patterns)
        #     two words may have up to two other words between them; '...' allows up to ten
        # When in doubt, a pattern should err toward showing help: a missed crisis costs far more than
        # a phone number nobody needed. 'confide index --check' validates this file; when it is missing
        # or broken, confide uses the same rules built in.
        #
        # The numbers are for the United States. They change (988's option 3 ended in July 2025):
        # check them, and update the date below.
        last-verified: 2026-11-01

        [crisis]
        message: It sounds like you may be carrying something very heavy right now. You do not have to hold it alone: someone can talk with you tonight, for free and in confidence.
        resource: 988 Suicide & Crisis Lifeline | call or text 988 (or chat at 988lifeline.org)
        resource: Crisis Text Line | text HOME to 741741

        sign: hopelessness and the wish to die
        pattern: suicid*
        pattern: kill* myself
        pattern: end* my life
        pattern: end* it all
        pattern: take my own life
        pattern: want*|wanna to die|dye
        pattern: want* to be dead
        pattern: wanna die|dye
        pattern: want* ... die
        pattern: just die
        pattern: wish* ... dead
        pattern: wish* ... never born
        pattern: better off dead
        pattern: better off without me
        pattern: better off if|when i ... wasn|weren|wasnt|gone|dead|died
        pattern: easier if i ... gone|dead|died|wasn|weren
        pattern: no reason to live
        pattern: reason to live|living|exist|go
        pattern: nothing to live for
        pattern: not worth living
        pattern: point ... living|alive
        pattern: don|dont|not|never want* to live|exist
        pattern: don|dont|not|never want* to be alive|here|around
        pattern: cant|t|cannot go on anymore|living
        pattern: cant|t|cannot keep living|going
        pattern: kill* my self
        pattern: nobody|noone|one has to deal with me
        pattern: burden to
        pattern: disappear forever
        pattern: pain|hurt|hurting|it ... stop forever
        pattern: disappear permanently
        pattern: stop existing
        pattern: not exist|existing anymore
        pattern: hope|hoping|pray* ... dont|don|not|never wake
        pattern: never wake up
        pattern: sleep ... not|never wake up
        pattern: wish|wishing|pray|praying i wouldn|won t wake
        pattern: wish|wishing|pray|praying i wouldnt|wont wake
        pattern: dont|don|never want to wake up anymore|again|tomorrow|ever
        pattern: nobody|noone|one would|will|d|ll|even miss me
        pattern: care|cared|notice|noticed|miss ... if|when i|im ... died|dead|killed
        pattern: rather be dead
        pattern: rather not exist|alive
        pattern: point ... existence
        pattern: only|no way out ... die|death
        pattern: permanent solution
        pattern: see myself alive|existin*|surviving
        pattern: hate|hating being alive
        pattern: hate|hating my existence
        pattern: tired|sick|exhausted|done|finished of|with existin*|alive|existence
        pattern: gave|giving|given|give up on existin*|alive
        pattern: life isn|isnt|aint|not worth it|living
        pattern: m|im|am|feel|just waste of space|oxygen|air|skin
        pattern: dont|don|not|never deserve to exist|alive|breathe
        pattern: i shouldn t exist|alive|born
        pattern: wish|wishing i never|didn|didnt existed|exist|born
        pattern: leave|leaving this world|earth|planet
        pattern: cant|cannot|t do life|existin*
        pattern: cease|ceasing|ceased to exist
        pattern: being|staying alive ... torture|hell|unbearable|agony|pointless
        pattern: hope|hoping|pray|praying i die|dies ... sleep|soon|tonight|already|young|today
        pattern: wish|wishing|hope|hoping|pray|praying ... someone|something|god|car|truck|bus|cancer ... kill|end me
        pattern: kill|kills|killed himself|herself|themself|themselves
        pattern: end|ended|ending|take|took|taking his|her|their own life
        pattern: end|ended|ending his|her|their life
        pattern: harm|harms|harming|harmed himself|herself|themselves|themself

        sign: slang and text-speak
        pattern: kms
        pattern: unaliv*
        pattern: kys
        pattern: kyss|kysss
        pattern: kmss|kmsss
        pattern: ctb
        pattern: catch|catching the bus ... permanently|forever|method|sasu
        pattern: sasu
        pattern: sewerslid*|sewerside|sewercide|sewerslide
        pattern: sewer slide|slid|sliding|side|cide
        pattern: self delet*|deletion
        pattern: selfdelet*
        pattern: un aliv*
        pattern: k1ll*|k1l myself|my|meself
        pattern: kill*|k1ll* myslef|mysefl|msyelf|myslf
        pattern: 5uicid*|uicid*|sooicid*|suwicid*|s00icid*
        pattern: commit|commits|committing sudoku|seppuku|toaster
        pattern: toaster ... bath|bathtub|tub
        pattern: ropemax*|ropefuel*|ropepill*
        pattern: yeet|yeeting|yeeted myself ... bridge|roof|building|cliff|balcony|traffic|window|train
        pattern: offing myself
        pattern: alt f4 ... irl|life|myself|reality
        pattern: log|logging|logged off ... irl|life
        pattern: check|checking|checked out of life|existence|world
        pattern: ideation
        pattern: passive|active si
        pattern: want|wanna|gonna|finna|tryna|wish d1e|d13
        pattern: want|wanna|wish be ded
        pattern: dirt nap
        pattern: eternal|permanent sleep|nap
        pattern: sh scar|scars|wounds|urge|urges|relapse|relapsed|tools|kit|blades|habit|history|free
        pattern: i sh d|ed

        sign: plans and preparation
        pattern: plan and a date
        pattern: date picked out
        pattern: goodbye letter*|note*
        pattern: said|saying|say my goodbye*
        pattern: goodbye* to ... people|everyone|family|kids
        pattern: last night|day on earth
        pattern: gave|giving|give away ... dog|cat|pets|things|stuff|belongings
        pattern: gave my dog|cat|pets to
        pattern: wont|won need ... soon|anymore
        pattern: my last night|day
        pattern: wont|won|not be around|here ... weekend|tomorrow|anymore
        pattern: wont|won|not be around|here ... much longer
        pattern: not coming back
        pattern: letter*|note* for|to my kids|family|sister|brother|mom|dad|parents|children
        pattern: painless way|death
        pattern: way to go ... painless|quick|quickly
        pattern: will|last ... testament
        pattern: executor of my will|estate
        pattern: life insurance ... pay|pays|payout|cover|covers|covered|beneficiary|beneficiaries|claim
        pattern: passwords|accounts|instructions ... after|when|once i|im ... dead|die|died
        pattern: own funeral
        pattern: my funeral ... song|songs|music|playlist|plan|planned|planning|arrange|arranged|paid|wear
        pattern: song|songs|music|playlist|eulogy ... my funeral
        pattern: wont|won be alive
        pattern: letters|notes to|for everyone|everybody|each
        pattern: everyone|everybody ... one last time
        pattern: find*|foun* me ... dead|lifeless|unresponsive
        pattern: rehome|rehoming|rehomed my dog|cat|cats|dogs|pet|pets|bird|rabbit
        pattern: giving|gave|give|given away my|all possessions|jewelry|jewellery|collection|guitar|clothes|console|books
        pattern: look|care|feed|adopt|take ... dog|cat|pets|kids ... after|when|once i|im ... dead|die|died
        pattern: how|ways|methods|quickest|easiest|fastest|surest to die
        pattern: picked|chosen|set|decided|planned ... date|day ... die
        pattern: decided|decision ... to die
        pattern: after|once|when i|im dead
        pattern: wont|won be a burden ... longer|soon|anymore
        pattern: made|making|make|makes peace with dying|death
        pattern: wrote|written|writing ... letters ... goodbye|forgive|sorry ... when|after|once ... gone|dead

        sign: means
        pattern: overdos*
        pattern: took|take|taking|swallow* ... pills
        pattern: how many ... pills|meds|tablets
        pattern: pills|meds|tablets|medication ... saved|stockpil*|hoard*|saving|counting
        pattern: stockpil*|hoard*|saved|saving ... pills|meds|tablets
        pattern: garage ... engine
        pattern: bought|holding|hold|got|have|tie a|the rope
        pattern: rope ... neck|hang*|tie
        pattern: engine running ... garage
        pattern: bottle of ... pills
        pattern: drive|driving|crash*|swerv* into ... tree|wall|traffic|truck|oncoming
        pattern: hang* myself
        pattern: shoot myself
        pattern: jump* off ... bridge|roof|building
        pattern: hit by a bus|car|train|truck
        pattern: rope ... put|hung|tied|ready
        pattern: bleed out
        pattern: gun|pistol|rifle|firearm
        pattern: bridge ... jump*|edge|railing|myself
        pattern: jump* off|from
        pattern: swallow*|took|take|taking ... tylenol|ibuprofen|paracetamol|advil|aspirin|antidepressant*|meds|pills|tablets|sleeping
        pattern: how many ... antidepressant*|tylenol|paracetamol|sleeping
        pattern: ligature*
        pattern: cord|cable|wire|charger ... around|round my neck
        pattern: lethal|fatal dose|doses|amount|overdose
        pattern: how much|many ... to die|od
        pattern: how much|many ... fatal|lethal
        pattern: took|take|swallowed|swallow a|the|my whole|entire packet|prescription|blister|blisters|supply
        pattern: handful|fistful|stash|stockpil* ... xanax|benzo*|valium|klonopin|ambien|zolpidem|oxycodone|oxycontin|percocet|codeine|tramadol|fentanyl|lithium|seroquel|quetiapine|amitriptyline|opioid*|opiate*|morphine|painkiller*
        pattern: poison|poisoning|poisoned myself
        pattern: sodium nitrite|nitrate
        pattern: exit bag
        pattern: helium|nitrogen ... bag|hood|mask|tube|tank ... breathe|myself|die|head
        pattern: charcoal ... bedroom|car|tent|tape|sealed|room|bathroom|windows
        pattern: monoxide ... car|garage|tent|die|sleep|room|bathroom
        pattern: hose|tube|pipe ... exhaust|tailpipe
        pattern: step*|throw|threw|jump|jumped|lie|lay ... in front of ... train|bus|truck|lorry|traffic|subway|tram
        pattern: lie|lay|lying|laying|sit|sitting|stand|standing ... on|onto|across tracks|railway|railroad|rails
        pattern: jump|jumping out ... window|balcony
        pattern: throw|throwing|threw|throws myself off|under|from|onto
        pattern: step* off ... ledge|roof|rooftop|building|cliff|balcony|overpass
        pattern: edge of roof|rooftop|cliff|balcony|bridge|overpass|garage|building
        pattern: ledge ... roof|rooftop|building|cliff|balcony|bridge|overpass|garage|jump
        pattern: high|tall enough ... to die|kill|survive|fatal
        pattern: driv*|drove ... off ... cliff|bridge|overpass|pier
        pattern: cras*|wreck|wrecking|swer* ... car|truck|tree|wall|into ... purpose|purposely|deliberately|intentionally
        pattern: drown* myself ... bath|bathtub|tub|lake|river|sea|ocean|water|pool
        pattern: walk|walking|swim|swimming ... into|out ... sea|ocean|lake|river ... never|until
        pattern: plastic bag ... head|face|breathe|suffocat*
        pattern: slit|slitting|slas* my|his|her|their wrist|wrists|veins|throat
        pattern: stab|stabbing|stabbed myself
        pattern: swallowed|swallow a|the|my whole|entire bottle
        pattern: blow|blowing|blew my brains|head out
        pattern: bullet in|through my head|brain|skull
        pattern: od|oded|oding ... pills|meds|tablets|xanax|tylenol|sleeping|insulin|benzos|heroin|fentanyl|purpose

        sign: self-harm acts
        pattern: self harm*
        pattern: hurt*|harm*|cut*|burn* myself
        pattern: been|started|keep|back to cutting
        pattern: cutting again
        pattern: scratch*|cut*|hurt* ... bleed*
        pattern: razor*|blade* ... thigh*|arm|arms|wrist*|skin|leg|legs
        pattern: cut* my wrist*|arm|arms|thigh*|skin|leg|legs
        pattern: hitting|hit|bang*|banging my head
        pattern: hiding|hide the bruises|cuts|scars
        pattern: knife|blade ... wrist*|arm|arms|skin|thigh*|throat
        pattern: press*|dig*|drag* ... into my wrist*|arm|skin|thigh*
        pattern: on purpose ... punish*|deserve
        pattern: punish* myself|me for
        pattern: starv* myself
        pattern: havent|haven|not eaten ... days ... purpose
        pattern: selfharm*
        pattern: self injur*|mutilat*
        pattern: selfinjur*
        pattern: nssi
        pattern: relaps*|relapsing ... blades|razor|razors|bled
        pattern: clean from|of|off cutting|burning|blades
        pattern: days|weeks|months|years clean ... blades|razor|razors|selfharm*
        pattern: lighter|lighters|cigarette|cigarettes|cig|cigs ... burn|burned|burnt|burning|burns ... my|myself|skin|arm|arms|wrist|wrists|thigh|thighs
        pattern: burned|burnt|burning|burn my arm|arms|wrist|wrists|thigh|thighs|skin|leg|legs|hand|stomach ... lighter|lighters|cigarette|cigarettes|cig|cigs
        pattern: burned|burnt|burning|scratch*|bruised|bruising ... myself|skin|arm|arms|thigh|thighs|legs ... purpose|deliberately|purposely|intentionally
        pattern: scratch*|claw|clawed|clawing ... myself|skin|arms|face ... raw|bled|scabs
        pattern: punc*|hit|hitting|slap*|smac*|bash* myself ... face|head|thighs|legs|stomach|until|bruise*|hard
        pattern: purge|purged|purging|purges ... meals|food|eating|binge|binging|bingeing|dinner|calories|vomit|bulimi*
        pattern: make|makes|made|making myself throw|vomit|puke
        pattern: throw|throwing|threw|throws up ... purpose|meal|meals|binge|binging|bingeing
        pattern: laxative*|laxatives ... abuse|abusing|handful|many|punish*|weight|box
        pattern: restricting|fasting|skip* ... punish|punishing myself
        pattern: carve|carved|carving|carves|etched|etching ... skin|arm|arms|thigh|thighs|leg|legs|wrist|wrists|stomach|hip|hips
        pattern: fresh|new cuts|gashes|slashes|wounds ... arm|arms|thigh|thighs|wrist|wrists|hip|hips|stomach|sleeve|sleeves|hide
        pattern: cuts|gashes|slashes on|across|over ... arms|forearms|thighs|wrists|hips|stomach
        pattern: long sleeves ... cuts|wounds|wrists
        pattern: sharpener|sharpeners ... blade|blades|razor|razors|apart|screw
        pattern: blade|blades ... sharpener|sharpeners
        pattern: styro
        pattern: cut|cuts|cutting|cutted ... styrofoam|dermis|subcutaneous|fascia
        pattern: barcode|barcoding|barcoded ... arm|arms|thigh|thighs|wrist|wrists|cuts|scar|scars|scarring
        pattern: arm|arms|thigh|thighs|wrist|wrists|cuts|scar|scars ... barcode|barcoding|barcoded

        [coercion]
        message: What you describe may not be safe, or may not have been freely chosen. No one is owed sex, and you deserve to be safe. The people at these lines listen, in confidence, and can help you think through what to do.
        resource: RAINN National Sexual Assault Hotline | call 800-656-4673 (800-656-HOPE)
        resource: National Domestic Violence Hotline | call 800-799-7233 (800-799-SAFE), or text START to 88788

        sign: sex without consent
        pattern: rape*
        pattern: rapist
        pattern: molest*
        pattern: force* me
        pattern: forced sex
        pattern: forc* himself|herself|themselves on
        pattern: made|makes|make me have sex
        pattern: doesn|didn|dont|won|wouldn|never stop* when|after i say|said|tell|told no|stop
        pattern: kept|keeps|keep going after|when i said|say no|stop
        pattern: said|say no ... did|does|had|has it|sex anyway
        pattern: without my|her|his|their consent
        pattern: without consent
        pattern: didn|not|never consent*
        pattern: non consensual
        pattern: nonconsensual
        pattern: not consensual
        pattern: too drunk ... sex|slept|consent|yes|remember
        pattern: blackout|blacked ... sex|slept
        pattern: blackout|blacked ... with me
        pattern: remember saying|agreeing yes|to
        pattern: woke up with my ... off
        pattern: stop ... kept|keeps going
        pattern: got|gets on top of me anyway
        pattern: kept|keep saying no|stop ... he|she|they didn|didnt|wouldn|wouldnt|kept|still|anyway
        pattern: asleep|sleeping ... does it
        pattern: asleep|sleeping ... did it
        pattern: asleep|sleeping ... has|had sex
        pattern: asleep|sleeping ... touches|touched|inside
        pattern: does|did|do it to me while
        pattern: drunk|wasted|drinks|blackout|high ... say no
        pattern: drunk|wasted|drinks|blackout|high ... consent
        pattern: drunk|wasted|drinks|blackout|high ... on top of me
        pattern: drunk|wasted|drinks|blackout|high ... inside me
        pattern: drunk|wasted|drinks|blackout|high ... had sex
        pattern: drunk|wasted|drinks|blackout|high ... slept with
        pattern: put|slipped something|anything in my drink
        pattern: spiked my drink
        pattern: drugged
        pattern: woke up ... pants|jeans|clothes|underwear ... undone|off|missing
        pattern: assault*
        pattern: recorded|filmed ... without
        pattern: condom off|removed
        pattern: took|take|takes|pulled the condom off
        pattern: stealth*
        pattern: while i was asleep|sleeping|unconscious|passed
        pattern: kept|keeps going anyway
        pattern: froze|freeze ... until ... over
        pattern: woke|wake up ... sex with me
        pattern: woke|wake up ... touching|inside me
        pattern: touch* me after|when|even ... stop|no
        pattern: until i couldn|cant|passed
        pattern: until i could not
        pattern: got|get|gets me drunk
        pattern: against my|her|his|their will
        pattern: took|take|takes|taking|taken advantage of me|her|him
        pattern: passed|blacked out ... touched|touching|inside|undress*|undressed|fingered|fingering
        pattern: barely|semi|half conscious
        pattern: roofie*|roofied
        pattern: froze|frozen ... couldn|couldnt|cant|could ... move|fight|push|scream
        pattern: froze|frozen ... finished|inside
        pattern: didn|didnt|never|not say|said no ... but ... didn|didnt|wasn|never want*|ready|okay|ok
        pattern: grop* ... without|even|hate|stop|constantly|stranger|asleep|sleeping|uncomfortable|unwanted|work
        pattern: unwanted|unwelcome touch*|sex|kiss*|advances|contact|penetration|sexual
        pattern: sexually harass*
        pattern: harass|harasses|harassed|harassing me ... sex|nudes|pics|photos|sleep|bed
        pattern: without asking|warn*|permission ... inside|anal|penetrat*|finger*|chok*|strangl*|butt|came|cum
        pattern: finish*|came|cum|cummed|ejaculat*|nutted inside ... purpose|promised
        pattern: finish*|came|cum|cummed|ejaculat*|nutted inside ... told|asked|begged|said ... not|pull
        pattern: lied|lying|lies about ... condom|condoms|vasectomy|sterile|pull|pulling|pill|iud|sti|std|stds|hiv
        pattern: poke|poked|poking|holes|hole ... condom*
        pattern: sabotag*|tamper|tampered|tampering ... contracepti*|iud|nuvaring|pills|birth|depo|implant|condom*
        pattern: hid|hides|hiding|flushed|flushes|flushing|swapped|switched|replaced|tossed ... my pills|contracepti*|iud|nuvaring|birth|implant
        pattern: won|wont|doesnt|refuses|refused|forbid*|forbade ... let me ... contracepti*|birth|iud|abortion|condom|condoms|pill|plan
        pattern: made|makes|make|forced|pressured|pressures me ... abortion|terminate
        pattern: baby trap*
        pattern: get|got|getting me pregnant ... secret*|without|behind|purpose|trap*
        pattern: secretly|secret film*|filmed|record*|recorded|photographed me|us|her|him
        pattern: video|videos|pics|photos|pictures|photograph*|filming|recording|took ... without ... knowing|knowledge|asking|permission|agreeing
        pattern: crying|cried|sobb* ... kept|keeps going ... finish*|until|done|anyway|inside
        pattern: pushed|push|pushing|shov* him|her|them off ... going|anyway|held|grabbed|pinned|didn|didnt
        pattern: ignored|ignores|ignoring ... said|saying no|stop
        pattern: when|while i was ... kid|child|little|underage|minor|years ... touch*|fondled|grop* me
        pattern: groomed me
        pattern: sa d|ed|survivor|trauma|history|victim
        pattern: made|makes|make|forced|forces me suck|blow|kneel
        pattern: said|told|promised|thought|claimed ... wearing|wore ... condom ... wasn|didn|off|removed
        pattern: wasn even|barely awake|conscious|sober|coherent ... touched|touching|inside|finger*|penetrat*|undress*
        pattern: changed my mind ... kept going

        sign: giving in
        pattern: pressur*|guilt* me into|until
        pattern: pressur*|guilt* me ... until|into
        pattern: owe* him|her|them sex
        pattern: give|giving|gave in ... make it stop
        pattern: cant|t|cannot say no ... anymore
        pattern: cant|t|cannot say no to him|her
        pattern: not|t allowed to say no
        pattern: not|t allowed to refuse
        pattern: t|wont|never take no for
        pattern: easier ... give|gave|giving in
        pattern: easier ... go|going|went along with it
        pattern: easier than say|saying|telling no
        pattern: easier than refusing|refuse|resisting|fighting|arguing
        pattern: easier ... comply|cave*
        pattern: i lie|lay|lying|laying there|still ... over|done|finish*|finishes
        pattern: stare|staring|stared at the ceiling ... over|done|finish*|finishes
        pattern: wait|waiting|waited for it be|to over|end|finish
        pattern: yes|cave*|gave|giving|slept|agree|agreed ... so|make|until ... stop|stops|quit ... asking|sulk*|pouting|nagging|whining|begging|pestering|badgering|guilting|punishing|yelling|bugging|complaining
        pattern: have|had|having sex ... so he|she|they|hell ... stop|stops|quit ... asking|sulk*|pouting|nagging|whining|begging|pestering|badgering|guilting|punishing|yelling|bugging|complaining
        pattern: yes|cave*|gave|agreed|sex ... so he|she|they leave* me alone
        pattern: sulk*|pouting|pouts|silent|punishes|punishing ... until|till|til|unless i ... in|yes|agree*|cave*
        pattern: begs|begging|begged|nags|nagging|nagged|pesters|pestering|badgers|badgering|whines|whining ... until|till|til i ... in|yes|agree*|cave*
        pattern: cave* ... had|have|having|slept ... sex|with
        pattern: i have|had|sleep|slept|give|gave|let|say|said ... out of obligation|duty|guilt|fear|pity
        pattern: i do|did it ... out of obligation|duty|fear|pity
        pattern: wifely|marital|conjugal duty|duties|obligation*
        pattern: entitled to my body|sex
        pattern: yes|slept|cave*|relented|submitted ... keep|keeping the peace
        pattern: gave|give|giving in ... keep|keeping the peace
        pattern: yes|slept|cave*|agreed ... avoid|avoiding|prevent ... fight|fights|argument*|blowup|blow|tantrum*|sulk*|meltdown*|rage|temper|outburst*|explosion
        pattern: gave|give|giving in ... avoid|avoiding|prevent ... fight|fights|argument*|blowup|blow|tantrum*|sulk*|meltdown*|rage|temper|outburst*|explosion
        pattern: guilt trip|trips|tripped|tripping me ... sex|yes|sleep|bed|it
        pattern: wear|wears|wore|wearing me down ... sex|yes|agree*|cave*|in
        pattern: no isn|isnt|aint|wasn an|a option|choice
        pattern: went|go|going|gone|goes along with ... scar*|afraid|uncomfortable|cried|crying|froze|hated
        pattern: didn|didnt|never want ... gave|cave*|went ... in|along
        pattern: manipulat* me into|until ... sex|sleep|yes|it|bed|anal|threesome
        pattern: coerc*
        pattern: won|wont|doesnt|didn|not let me sleep ... until|unless|till ... sex|yes|give|gave|agree*|have|do
        pattern: sex|sleep|slept|yes ... keep|keeps him|her|them calm|quiet
        pattern: said|say|saying yes ... scar*|afraid|otherwise|else|pressure*
        pattern: have|had to have|sleep sex|with ... or|otherwise ... leave|chea*|mad|angry|sulk*|yell*|rage|punish*

        sign: threats and leverage
        pattern: if i dont|don ... have sex ... leave|divorce|kick|take
        pattern: if i dont|don ... sleep with ... leave|divorce|kick|take
        pattern: afraid|scared ... what happens if i
        pattern: scary|violent|angry when|if i say|said no
        pattern: post|send|share|leak|show* ... nudes|pictures|pics|photos|video|recording
        pattern: nudes|pictures|pics|photos|video ... post|send|share|leak|show*
        pattern: money|bank|card|allowance|groceries|grocery ... if i ... sex|sleep|bed
        pattern: money|bank|card|allowance|groceries|grocery ... if i ... do what
        pattern: only ... if i have sex
        pattern: only ... if i sleep with
        pattern: put out ... leave|kids|divorce
        pattern: never see the kids
        pattern: take the kids
        pattern: threat* me
        pattern: threat* ... unless
        pattern: threat* ... if i
        pattern: afraid|scared|terrified|frightened of him|her|them|he|she
        pattern: afraid|scared|terrified|frightened of my partner|husband|wife|boyfriend|girlfriend|spouse
        pattern: afraid|scared|terrified|frightened what he|she|they ... do|react
        pattern: threatened|threatens|threatening to leave|chea*|divorce|kill|hurt|out|report|deport|post|kick|tell|take|call|send|leak|ruin|end|share|show|sue|break|throw|cut|expose
        pattern: kill|kills|killing|hurt|hurts|hurting|harm|harms himself|herself|themselves|themself ... if|unless
        pattern: outing me|us
        pattern: out me ... if|unless
        pattern: blackmail*
        pattern: sextort*
        pattern: revenge porn
        pattern: leak|leaked|leaking|leaks|distribut* ... nude|nudes|naked|sexts|tape|vids|video|videos|pics|pictures|photos|screenshots
        pattern: tape|sextape ... leak|leaked|release|releasing|threat*|revenge
        pattern: screenshots|sexts|naked|nude|nudes|pics|photos|videos ... send|show|post|leak ... family|parents|boss|work|everyone|coworkers|church
        pattern: report|reported|reporting|call|calling|called me|him|her to|on immigration|ice|deportation
        pattern: get|have|gets|got me deported
        pattern: withdraw*|revok*|cancel*|pull ... sponsorship|sponsor|spousal
        pattern: green card ... withdraw|withdrawing|cancel|revoke|pull|unless|threat*|leave
        pattern: never|wont|won see|get ... kids|children|son|daughter|baby again
        pattern: take|took|takes|taking|keep ... kids|children|son|daughter|baby away from me|you
        pattern: if i ... leave|left ... he|she|they ... kill|hunt|ruin|destroy me|my
        pattern: ruin|ruined|ruins my reputation|career|name|life ... if|unless
        pattern: said|says|told|tells|warned|warns ... chea*|elsewhere|someone ... if|unless ... sex|sleep|give|put
        pattern: or else ... leave|divorce|kick|hurt|chea*|kids|tell|post|send|regret
        pattern: withhold|withholds|withheld|withholding ... money|rent|bills|food|allowance|groceries|medication|meds|insulin

        sign: control
        pattern: control* ... money|finances
        pattern: control* ... my phone
        pattern: won|wont|doesn ... let me leave
        pattern: takes|took|hides|hid|hide ... keys
        pattern: demand|demands|demanded|make|makes|made|force|forces|forced|insist|insists|require|requires ... my|all password*|passcode*|logins|pin
        pattern: demand|demands|demanded|make|makes|made|force|forces|forced|insist|insists ... share|sharing|shared my location
        pattern: share|sharing|shared|off my location ... angry|mad|furious|freaks|freak|freaked|yells|screams|accuses|accused|rage|punish*
        pattern: my location off|disabled|hidden ... angry|mad|furious|freaks|freak|freaked|yells|screams|accuses|accused|rage|punish*
        pattern: he|she|they|partner|husband|wife|boyfriend|girlfriend always|constantly|daily|every ... checks|reads|monitors|track*|goes ... my phone|texts|messages|emails|dms|location|bank|spending
        pattern: he|she|they|partner|husband|wife|boyfriend|girlfriend checks|reads|monitors|track*|goes ... my phone|texts|messages|emails|dms|location|bank|spending ... every|always|constantly|daily|nightly
        pattern: make|makes|made|force|forces|forced|demand|demands|demanded ... unlock|hand ... phone|texts
        pattern: track* my location|whereabouts|movements|car|every
        pattern: airtag*
        pattern: air tag
        pattern: gps ... car|bag|purse|phone|tracker|tracking
        pattern: tracking device
        pattern: spyware|stalkerware|keylogger
        pattern: spy app|apps|software
        pattern: know|knows|knowing where i am ... times|constantly|24|every
        pattern: every penny|dollar|cent|purchase ... justify|explain|approv*|account|check|checks|track*
        pattern: justify|explain|approve ... every penny|dollar|cent|purchase
        pattern: gives|give|gave me a|an allowance
        pattern: no|zero|not|t have access to ... money|bank|account|accounts|cards|finances|car|passport
        pattern: takes|took|keeps|kept|hides|hid|confiscat*|holds|holding ... my paycheck|wages|salary|passport|documents
        pattern: not|t|isnt|arent|never allowed see|visit|call|text|talk|hang|meet friends|family|parents|mom|mum|dad|sister|brother|guys|men|women|girls|coworkers|anyone|friend
        pattern: not|t|isnt|arent|never allowed work|job|drive|leave|spend|makeup|bank
        pattern: let|lets me see|visit|call|text|have|keep|get friends|family|parents|mom|mum|dad|sister|brother|job|money|car|bank|account
        pattern: isolat* me
        pattern: cut|cuts|cutting me off from ... friends|family|everyone|parents
        pattern: cut|cuts|cutting me off financially
        pattern: made|makes|make me ... block|unfriend|unfollow|delete ... friends|family|contacts|everyone
        pattern: he|she|they|partner|husband|wife|boyfriend|girlfriend ... controls|controlling|controlled ... who|where|what i see|go|wear|eat|talk|spend|text
        pattern: controls|controlling|controlled every|all aspect|move|penny|decision|cent|dollar
        pattern: permission ... spend|buy|visit|drive|friends|family|parents|house
        pattern: made|makes|forced|force me quit ... job|work|school|college|uni|studies
        pattern: sabotag* ... job|interview|work|school|studies|career
        pattern: lock*|locking me in|out
        pattern: eggshells ... temper|rage|blows|outburst*|angry|mad|scar*|afraid|yell*|yelling

        sign: violence
        pattern: grab*|grabbed my wrist*|arm|arms|neck|hair|throat
        pattern: bruise*
        pattern: smash*|broke|break|threw ... my phone|things
        pattern: pin*|held|holds me down
        pattern: pin*|held|holds|hold my arms|wrists|hands
        pattern: punch*|kick*|smash* the|a wall|walls|door
        pattern: hit*|beat*|slap*|punch*|chok*|strangl*|shov*|kick* me
        pattern: violen*
        pattern: abus*
        pattern: physically hurt*|harm*|force*
        pattern: hand|hands ... throat|neck ... breathe|squeez*|passed|blacked|tighter|scar*|marks
        pattern: squeezed|squeezing|squeezes|crushed|crushing his|her|my throat|windpipe|airway
        pattern: couldn|can t breathe ... hand|hands|pillow|throat|neck|grip|weight
        pattern: cant|couldnt breathe ... hand|hands|pillow|throat|neck|grip|weight
        pattern: hand|hands|pillow|grip ... couldn|can t breathe
        pattern: gave|gives|give|left me black eye|eyes
        pattern: bloody nose ... he|she|they|hit|punched|slapped|headbutted
        pattern: he|she|they broke|fractured|dislocated my ... nose|rib|ribs|jaw|arm|finger|fingers|wrist|tooth|teeth|collarbone
        pattern: push*|shov*|threw|throws|throwing me down|off|out|into|onto|across|to stairs|ground|floor|traffic|room|street|car|furniture|table|dresser
        pattern: stopped|stops|stop|prevent|prevents|prevented me from leaving|getting|walking|escaping
        pattern: wouldn|won|didn|doesn t let me up|go|leave ... room|house|car|bedroom|bathroom
        pattern: wouldnt|wont|didnt|doesnt let me up|go|leave ... room|house|car|bedroom|bathroom
        pattern: threw|throws|throwing|hurled|hurls a|the|his|her|my plate|glass|mug|cup|bottle|remote|shoe|chair|lamp|knife|vase|bowl|drink|book at me|my|him|her|head|face
        pattern: broke|breaks|smashed|smashes|shattered ... dishes|furniture|tv|door|doors|mirror|window|windows
        pattern: hit|hits|hitting|hurt|hurts|hurting|killed|kills|drowned|strangled|choked|beat|beats|beating|starved my|our|his|her dog|cat|puppy|kitten|pet|pets|rabbit|bunny|hamster
        pattern: hit|hits|hitting|beat|beats|beating my|our|her|his kids|children|son|daughter|baby
        pattern: pulled|pulls|held|holding|holds|pointed|points|pointing|waved|brandish* knife|gun|weapon|machete on|at|to me|my
        pattern: headbutt*
        pattern: backhand*
        pattern: stom* on me|my
        pattern: dragged|drags|dragging me by|across
        pattern: fear|feared|fearing|fearful|scar*|afraid|terrified for my life|safety
        pattern: argument|fight|fighting|argued|arguing ... got|gets|turned|turns|became|becomes physical
        pattern: trapped|cornered|traps me in ... room|bathroom|bedroom|car|kitchen|corner|closet|house
        pattern: ripped|yanked|pulled ... chunks|clumps ... hair

        [always]
        resource: Emergency services | call 911 if you are in immediate danger

        [idioms]
        pattern: killing me
        pattern: kill*|kills the mood|vibe
        pattern: mood kill*
        pattern: dying to
        pattern: die|died of embarrassment|shame
        pattern: could have died
        pattern: dead tired
        pattern: to die for
        pattern: bored to death
        pattern: kill*|killed it
        pattern: kill for
        pattern: it|that|this|reality hit* me
        pattern: threat of rejection
        pattern: birth control pill*
        pattern: dead bedroom*
        pattern: dead inside
        pattern: die|dying|died a virgin
        pattern: our|my|his|her|their sex|love|dating life
        pattern: life together
        pattern: threw|throws|throwing|thrown himself|herself|themselves|themself at
        pattern: hit|hits|hitting me up
        pattern: cut|cuts|cutting himself|herself|themselves|themself|myself off
        """
}
