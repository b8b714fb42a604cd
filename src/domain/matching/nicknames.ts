/**
 * Short forms of German and English first names, in normalised spelling (umlauts written out).
 * Two names are nicknames of each other when they share a group; groups are not merged, so
 * Lena ~ Magdalena and Lena ~ Helena, but Magdalena ≁ Helena.
 */
export const nicknameTable: readonly (readonly string[])[] = [
  ["johannes", "johann", "hans", "hannes"],
  ["johanna", "hanna", "hanne", "hanni"],
  ["josef", "joseph", "sepp", "seppi", "jupp", "joe"],
  ["anton", "toni", "tony", "anthony"],
  ["antonia", "toni"],
  ["magdalena", "magda", "lena", "leni"],
  ["helena", "helene", "lena", "leni"],
  ["katharina", "katharine", "kathi", "kati", "katja", "kaethe"],
  ["katherine", "catherine", "kate", "katie", "kathy", "cathy"],
  ["stefanie", "stephanie", "steffi", "steph"],
  ["stefan", "stephan", "steffen", "steve"],
  ["steven", "stephen", "steve"],
  ["robert", "bob", "bobby", "rob", "robbie"],
  ["william", "bill", "billy", "will", "willy", "liam"],
  ["wilhelm", "willi", "willy", "wim"],
  ["michael", "mike", "micha", "michi", "mick", "mikey"],
  [
    "elizabeth",
    "elisabeth",
    "liz",
    "lizzy",
    "lizzie",
    "beth",
    "betty",
    "lisbeth",
    "liesl",
    "sissi",
  ],
  ["james", "jim", "jimmy", "jamie"],
  ["thomas", "tom", "tommy", "thommy"],
  ["alexander", "alex", "sascha", "xander"],
  ["alexandra", "alex", "sandra", "alexa"],
  ["christian", "chris"],
  ["christopher", "christoph", "chris", "kit"],
  ["christina", "christine", "chris", "tina", "christel"],
  ["daniel", "dan", "danny", "dani"],
  ["daniela", "dani"],
  ["david", "dave"],
  ["richard", "rick", "ricky", "dick", "rich", "richie"],
  ["andreas", "andi", "andy"],
  ["andrew", "andy", "drew"],
  ["matthias", "mathias", "matze", "hias"],
  ["matthew", "matt", "matty"],
  ["nikolaus", "niklas", "klaus", "niko", "nico"],
  ["nicholas", "nick", "nicky", "nico"],
  ["benjamin", "ben", "benni", "benny"],
  ["maximilian", "max", "maxi"],
  ["wolfgang", "wolf", "wolfi"],
  ["franziskus", "franz", "franzl"],
  ["franziska", "franzi"],
  ["friedrich", "fritz", "friedel"],
  ["frederick", "fred", "freddy"],
  ["alfred", "fred", "alf"],
  ["barbara", "babsi", "babs", "barbie"],
  ["margarete", "margarethe", "margaret", "grete", "gretel", "margret", "maggie", "meg", "peggy"],
  ["susanne", "susanna", "susan", "susi", "sue", "suse"],
  ["patricia", "patty", "tricia", "pat"],
  ["patrick", "pat", "paddy"],
  ["dorothea", "dorothee", "dora", "thea", "dorle"],
  ["theodor", "theodore", "theo", "ted", "teddy"],
  ["edward", "ed", "eddie", "ted"],
  ["gabriele", "gabriela", "gabi", "gaby"],
  ["jennifer", "jenny", "jen"],
  ["rudolf", "rudi"],
  ["heinrich", "heinz", "heini", "hinrich"],
  ["henry", "hank", "harry"],
  ["ulrich", "uli", "ulli"],
  ["ursula", "uschi", "ulla"],
  ["sebastian", "basti", "seb"],
  ["florian", "flo"],
  ["tobias", "tobi"],
  ["manfred", "manni"],
  ["bernhard", "bernd", "berni"],
  ["walter", "walt", "wally"],
  ["samuel", "sam", "sammy"],
  ["samantha", "sam", "sammy"],
  ["joshua", "josh"],
  ["jonathan", "jon", "jonny"],
  ["charles", "charlie", "chuck"],
  ["veronika", "veronica", "vroni", "roni"],
  ["ingeborg", "inge"],
  ["ingrid", "inge"],
  ["peter", "pete"],
  ["jakob", "jacob", "jake"],
  ["ludwig", "lutz"],
  ["georg", "george", "schorsch"],
  ["leopold", "poldi"],
  ["leonhard", "leonard", "leo"],
  ["emanuel", "immanuel", "manu"],
  ["manuela", "manu"],
  ["cornelia", "conny"],
  ["valentin", "vali"],
  ["raphael", "rafael", "raffi"],
];

const groupsByName = new Map<string, number[]>();
nicknameTable.forEach((names, index) => {
  for (const name of names) {
    const list = groupsByName.get(name);
    if (list) list.push(index);
    else groupsByName.set(name, [index]);
  }
});

const none: readonly number[] = [];

/** Ids of the nickname groups a normalised first name belongs to (for blocking). */
export function nicknameGroups(firstName: string): readonly number[] {
  return groupsByName.get(firstName) ?? none;
}

/** Two different normalised first names that are short forms of each other. */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const ofB = nicknameGroups(b);
  return nicknameGroups(a).some((g) => ofB.includes(g));
}
