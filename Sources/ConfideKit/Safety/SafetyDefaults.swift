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

        sign: slang and text-speak
        pattern: kms
        pattern: unaliv*

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

        sign: control
        pattern: control* ... money|finances
        pattern: control* ... my phone
        pattern: won|wont|doesn ... let me leave
        pattern: takes|took|hides|hid|hide ... keys

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
        """
}
