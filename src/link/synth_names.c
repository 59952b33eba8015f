/*
 * link/synth_names.c — the lists behind link/synth_names.h: forenames and
 * family names of the origins common among London children (English,
 * Irish, Scottish, Welsh, Pakistani and Indian, Bangladeshi, Somali,
 * Nigerian and Ghanaian, Caribbean, Polish, Romanian, Turkish, Portuguese,
 * Chinese, Vietnamese, Arabic, Greek), London street names and postcode
 * districts. The skews follow published shares where there are some
 * (family names: Smith about 1.3% of England and Wales, the tenth name a
 * quarter of that, the hundred commonest about a fifth of people; baby
 * names: the ten commonest about 13% of births); the rest are plausible.
 */
#include "link/synth_names.h"

#include <stddef.h>

/* clang-format off: data, one list per line */
/* English, and Caribbean families, who mostly carry English names */
static const char *const en_m[] = {
    "Oliver", "George",   "Harry",       "Jack",      "Charlie",   "Thomas",  "William",
    "James",  "Alfie",    "Joshua",      "Freddie",   "Archie",    "Henry",   "Oscar",
    "Leo",    "Theodore", "Jacob",       "Samuel",    "Daniel",    "Joseph",  "Edward",
    "Max",    "Lucas",    "Ethan",       "Alexander", "Benjamin",  "Matthew", "Isaac",
    "Tommy",  "Reuben",   "Toby",        "Arthur",    "Frederick", "Albert",  "Louis",
    "Robert", "Michael",  "Christopher", "Jonathan",  "Nathan",    "Kai",     "Tyler",
    "Jayden", "Riley",    "Callum",      "Connor",    "Harrison",  "Luke",    "Dylan",
    "Ryan",   "Elliot",   "Zachary",     "Sebastian", "Stanley",   "Richard", "Anthony",
    "Peter",  "Stephen",  "Nicholas",    "Patrick",   NULL};
static const char *const en_f[] = {
    "Olivia",    "Amelia",    "Isla",      "Ava",       "Emily",    "Sophia",   "Grace",
    "Mia",       "Poppy",     "Ella",      "Lily",      "Evie",     "Isabella", "Sophie",
    "Charlotte", "Freya",     "Daisy",     "Alice",     "Florence", "Matilda",  "Jessica",
    "Elizabeth", "Margaret",  "Catherine", "Katherine", "Eleanor",  "Ellie",    "Chloe",
    "Lucy",      "Hannah",    "Millie",    "Rosie",     "Phoebe",   "Abigail",  "Victoria",
    "Rebecca",   "Sarah",     "Megan",     "Lauren",    "Holly",    "Amber",    "Scarlett",
    "Harriet",   "Jasmine",   "Natalie",   "Samantha",  "Zoe",      "Kayleigh", "Leah",
    "Alexandra", "Josephine", "Frances",   "Caroline",  "Jennifer", "Susan",    "Deborah",
    NULL};
static const char *const en_s[] = {
    "Smith",    "Jones",    "Williams",  "Brown",    "Taylor",    "Davies",     "Wilson",
    "Evans",    "Thomas",   "Johnson",   "Roberts",  "Walker",    "Wright",     "Robinson",
    "Thompson", "White",    "Hughes",    "Edwards",  "Green",     "Hall",       "Wood",
    "Harris",   "Lewis",    "Martin",    "Jackson",  "Clarke",    "Clark",      "Turner",
    "Hill",     "Scott",    "Cooper",    "Morris",   "Ward",      "Moore",      "King",
    "Watson",   "Baker",    "Harrison",  "Morgan",   "Patterson", "Young",      "Allen",
    "Mitchell", "James",    "Anderson",  "Phillips", "Lee",       "Bell",       "Parker",
    "Davis",    "Bennett",  "Griffiths", "Cook",     "Shaw",      "Richardson", "Carter",
    "Collins",  "Marshall", "Bailey",    "Cox",      "Gray",      "Fisher",     "Knight",
    "Hunt",     "Palmer",   "Mason",     "Lloyd",    "Holmes",    "Mills",      "Stevens",
    "Fletcher", "Pearce",   "Barnes",    "Chapman",  "Dixon",     "Webb",       "Simpson",
    "Ellis",    "Powell",   "Russell",   "Butler",   "Atkinson",  "Spencer",    "Hudson",
    "Matthews", "Gibson",   "Wells",     "Lawrence", "Kent",      "Armstrong",  "Stone",
    "Fox",      "Hart",     "Chambers",  "Ashworth", "Whitehead", "Pemberton",  "Featherstone",
    NULL};
static const char *const car_m[] = {
    "Jayden", "Tyrone", "Marcus", "Andre", "Kareem", "Malachi", "Jerome", "Darnell", "Kyrie",
    "Isaiah", "Elijah", "Josiah", "Leon",  "Delroy", "Winston", "Devon",  "Reuben",  "Nathaniel",
    "Jamal",  "Kai",    "Tyrese", "Omari", "Zion",   "Micah",   NULL};
static const char *const car_f[] = {
    "Aaliyah", "Shanice", "Jada",     "Kiara",   "Tia",    "Chantelle", "Aisha",
    "Imani",   "Nia",     "Keisha",   "Jasmine", "Shania", "Amara",     "Destiny",
    "Naomi",   "Abigail", "Precious", "Zara",    "Tianna", "Marcia",    NULL};
static const char *const car_s[] = {
    "Williams", "Brown",   "Campbell", "Johnson",  "Thomas",  "Francis",  "Clarke",   "Reid",
    "Grant",    "Gordon",  "Edwards",  "Henry",    "Morgan",  "Bailey",   "Robinson", "Lewis",
    "Richards", "Douglas", "Walker",   "Stewart",  "Samuels", "McKenzie", "Forbes",   "Bryan",
    "Hylton",   "Blake",   "Ellis",    "Anderson", "Powell",  "Spence",   NULL};
/* Irish, Scottish, Welsh */
static const char *const ie_m[] = {"Sean",   "Conor",    "Patrick", "Liam",  "Cian",    "Oisin",
                                   "Ciaran", "Darragh",  "Eoin",    "Niall", "Callum",  "Ruairi",
                                   "Declan", "Aidan",    "Rory",    "Fionn", "Lachlan", "Euan",
                                   "Hamish", "Alasdair", "Iain",    "Rhys",  "Dafydd",  "Gethin",
                                   "Owain",  "Ieuan",    "Huw",     "Dylan", NULL};
static const char *const ie_f[] = {
    "Aoife",    "Niamh",    "Siobhan", "Saoirse", "Ciara",  "Roisin", "Caoimhe", "Orla",  "Sinead",
    "Grainne",  "Erin",     "Clodagh", "Mairead", "Eilidh", "Kirsty", "Mhairi",  "Morag", "Isla",
    "Catriona", "Rhiannon", "Cerys",   "Seren",   "Sian",   "Bethan", "Ffion",   "Megan", NULL};
static const char *const ie_s[] = {
    "Murphy",    "Kelly",      "O'Sullivan", "Walsh",     "O'Brien",  "Byrne",      "Ryan",
    "O'Connor",  "O'Neill",    "O'Reilly",   "Doyle",     "McCarthy", "Gallagher",  "Doherty",
    "Kennedy",   "Lynch",      "Murray",     "Quinn",     "Moore",    "McLaughlin", "O'Donnell",
    "Brennan",   "Fitzgerald", "MacDonald",  "Campbell",  "Stewart",  "Robertson",  "MacLeod",
    "Fraser",    "Ferguson",   "McKenzie",   "Jones",     "Davies",   "Evans",      "Llewellyn",
    "Pritchard", "Rees",       "Price",      "Griffiths", "ap Rhys",  NULL};
/* Pakistani and Indian */
static const char *const pk_m[] = {
    "Muhammad", "Mohammed", "Ali",      "Ahmed",      "Hassan", "Hamza",    "Ibrahim", "Yusuf",
    "Zain",     "Ayaan",    "Rayyan",   "Omar",       "Bilal",  "Imran",    "Usman",   "Haroon",
    "Arjun",    "Aarav",    "Rohan",    "Krish",      "Dev",    "Vihaan",   "Aryan",   "Rahul",
    "Harpreet", "Gurpreet", "Jaspreet", "Sukhwinder", "Harjit", "Manpreet", "Sanjay",  "Rajesh",
    "Vikram",   "Ishaan",   "Kabir",    "Sahil",      NULL};
static const char *const pk_f[] = {
    "Fatima", "Aisha",  "Maryam", "Zainab",  "Hafsa",   "Inaya",   "Amira",   "Hania",
    "Iqra",   "Sana",   "Ayesha", "Khadija", "Noor",    "Zara",    "Sadia",   "Priya",
    "Anaya",  "Diya",   "Aanya",  "Simran",  "Navneet", "Jasleen", "Harleen", "Gurleen",
    "Kiran",  "Anjali", "Pooja",  "Riya",    "Shreya",  "Meera",   NULL};
static const char *const pk_s[] = {
    "Khan",    "Patel",   "Hussain", "Ahmed",  "Ali",     "Shah",     "Iqbal",  "Akhtar",
    "Mahmood", "Butt",    "Malik",   "Raja",   "Qureshi", "Chaudhry", "Riaz",   "Aslam",
    "Rashid",  "Mirza",   "Sharma",  "Singh",  "Kaur",    "Gill",     "Sandhu", "Sidhu",
    "Dhillon", "Mistry",  "Parmar",  "Gupta",  "Kumar",   "Joshi",    "Desai",  "Mehta",
    "Pandya",  "Chauhan", "Nair",    "Pillai", "Bhatti",  "Sheikh",   NULL};
/* Bangladeshi */
static const char *const bd_m[] = {"Mohammed", "Md",    "Abdul",  "Mohammad", "Rahim",  "Karim",
                                   "Sadiq",    "Ayaan", "Zayan",  "Rafi",     "Tanvir", "Shahid",
                                   "Jamal",    "Nabil", "Rayhan", "Arif",     "Faisal", "Sabbir",
                                   "Tahmid",   "Ishaq", "Yahya",  "Hamza",    NULL};
static const char *const bd_f[] = {"Fatima",  "Ayesha",   "Sumaiya", "Tasnim", "Nusrat",  "Sadia",
                                   "Maryam",  "Ruqayyah", "Khadiza", "Nafisa", "Shamima", "Rokeya",
                                   "Sharmin", "Tahmina",  "Farzana", "Jannat", "Safiya",  "Halima",
                                   "Amina",   "Nasreen",  NULL};
static const char *const bd_s[] = {
    "Begum",  "Miah",   "Uddin",     "Ali",   "Rahman",    "Ahmed", "Islam",  "Hussain",
    "Khatun", "Hoque",  "Chowdhury", "Alam",  "Hossain",   "Karim", "Bibi",   "Sultana",
    "Akter",  "Khanom", "Talukdar",  "Ullah", "Choudhury", "Haque", "Mahmud", NULL};
/* Somali */
static const char *const so_m[] = {
    "Mohamed", "Abdirahman", "Abdullahi", "Ahmed",   "Hassan", "Ali",   "Omar",
    "Yusuf",   "Ibrahim",    "Abdi",      "Mustafe", "Hamza",  "Liban", "Khalid",
    "Ismail",  "Abdikarim",  "Mahad",     "Bashir",  "Guled",  "Said",  NULL};
static const char *const so_f[] = {"Fadumo", "Hodan",   "Ayan",   "Hibaaq", "Asha",  "Amina",
                                   "Sagal",  "Ikran",   "Ifrah",  "Nimco",  "Hamdi", "Sumaya",
                                   "Halima", "Khadija", "Maryan", "Ubah",   "Deqa",  "Safiya",
                                   "Zamzam", "Farhiya", NULL};
static const char *const so_s[] = {"Mohamed", "Ahmed", "Ali",       "Hassan",  "Abdi",    "Omar",
                                   "Yusuf",   "Farah", "Osman",     "Ismail",  "Warsame", "Jama",
                                   "Adan",    "Nur",   "Abdullahi", "Hussein", "Aden",    "Hirsi",
                                   "Egal",    "Duale", "Gure",      "Samatar", NULL};
/* Nigerian and Ghanaian */
static const char *const ng_m[] = {
    "David",   "Daniel", "Samuel",  "Emmanuel", "Joshua",  "Oluwaseun", "Oluwatobi", "Chukwuemeka",
    "Chinedu", "Tobi",   "Femi",    "Tunde",    "Ayodele", "Adebayo",   "Obinna",    "Ikenna",
    "Kwame",   "Kofi",   "Kwabena", "Kojo",     "Yaw",     "Kwaku",     "Nana",      "Jesse",
    "Favour",  "Prince", "Victor",  "Godwin",   "Ebuka",   "Segun",     NULL};
static const char *const ng_f[] = {"Precious", "Blessing",      "Favour",    "Esther",   "Deborah",
                                   "Grace",    "Oluwadamilola", "Temitope",  "Chiamaka", "Adaeze",
                                   "Ngozi",    "Folasade",      "Funmilayo", "Titilayo", "Abena",
                                   "Akosua",   "Ama",           "Efua",      "Adwoa",    "Akua",
                                   "Nneka",    "Chidinma",      "Ifeoma",    "Bukola",   "Yetunde",
                                   "Damilola", "Comfort",       "Gifty",     NULL};
static const char *const ng_s[] = {
    "Okafor",  "Adeyemi", "Okonkwo",  "Oluwole",   "Adebayo", "Eze",     "Nwosu",  "Ogunleye",
    "Afolabi", "Bello",   "Okeke",    "Olaniyan",  "Balogun", "Ibrahim", "Mensah", "Owusu",
    "Boateng", "Asante",  "Osei",     "Appiah",    "Agyeman", "Darko",   "Amoah",  "Obi",
    "Uzoma",   "Akinola", "Ogundipe", "Babatunde", "Onyeka",  "Adjei",   NULL};
/* Polish */
static const char *const pl_m[] = {
    "Jakub",   "Jan",       "Antoni", "Szymon", "Filip",  "Aleksander", "Franciszek",
    "Mikołaj", "Wojciech",  "Kacper", "Piotr",  "Tomasz", "Michał",     "Mateusz",
    "Bartosz", "Krzysztof", "Paweł",  "Łukasz", "Marcin", "Dawid",      NULL};
static const char *const pl_f[] = {
    "Zuzanna",  "Julia",    "Zofia",   "Hanna",     "Maja",       "Lena",      "Aleksandra",
    "Alicja",   "Oliwia",   "Natalia", "Katarzyna", "Małgorzata", "Agnieszka", "Magdalena",
    "Weronika", "Wiktoria", "Joanna",  "Karolina",  "Anna",       "Emilia",    NULL};
static const char *const pl_s[] = {
    "Nowak",       "Kowalski",  "Wiśniewski", "Wójcik",    "Kowalczyk",  "Kamiński",  "Lewandowski",
    "Zieliński",   "Szymański", "Woźniak",    "Dąbrowski", "Kozłowski",  "Jankowski", "Mazur",
    "Kwiatkowski", "Krawczyk",  "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski",
    "Król",        "Wieczorek", "Jabłoński",  "Majewski",  NULL};
/* Romanian */
static const char *const ro_m[] = {"Andrei", "Alexandru",  "David",    "Gabriel", "Stefan",
                                   "Ionut",  "Mihai",      "Darius",   "Luca",    "Matei",
                                   "Vlad",   "Cristian",   "Adrian",   "Florin",  "Razvan",
                                   "Bogdan", "Constantin", "Gheorghe", NULL};
static const char *const ro_f[] = {"Maria",  "Ioana",  "Elena",  "Andreea",  "Alexandra", "Ana",
                                   "Sofia",  "Daria",  "Bianca", "Gabriela", "Alessia",   "Antonia",
                                   "Denisa", "Larisa", "Roxana", "Mihaela",  NULL};
static const char *const ro_s[] = {
    "Popescu", "Ionescu",  "Popa",   "Pop",     "Radu",       "Dumitru", "Stan",
    "Stoica",  "Gheorghe", "Matei",  "Ciobanu", "Constantin", "Rusu",    "Munteanu",
    "Lungu",   "Moldovan", "Florea", "Marin",   "Tudor",      "Dinu",    NULL};
/* Turkish and Kurdish */
static const char *const tr_m[] = {
    "Mehmet", "Mustafa", "Ahmet", "Yusuf", "Emir",  "Ömer",   "Hüseyin", "Ali",     "Kerem", "Eren",
    "Burak",  "Murat",   "Can",   "Deniz", "Baran", "Serkan", "Hasan",   "Ibrahim", NULL};
static const char *const tr_f[] = {"Zeynep", "Elif",  "Ayşe",  "Fatma",  "Hatice", "Emine",
                                   "Defne",  "Ecrin", "Azra",  "Meryem", "Esra",   "Büşra",
                                   "Özlem",  "Gül",   "Derya", "Selin",  NULL};
static const char *const tr_s[] = {"Yılmaz",   "Kaya",   "Demir", "Şahin",   "Çelik",  "Yıldız",
                                   "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan",
                                   "Kılıç",    "Aslan",  "Çetin", "Kara",    "Koç",    "Kurt",
                                   "Özkan",    "Şimşek", NULL};
/* Portuguese, Brazilian, Spanish */
static const char *const pt_m[] = {"João",    "Francisco", "Afonso",   "Tomás",   "Duarte",
                                   "Rodrigo", "Martim",    "Santiago", "Gabriel", "Miguel",
                                   "Pedro",   "Lucas",     "José",     "Diogo",   "Tiago",
                                   "Rafael",  "Alejandro", "Pablo",    NULL};
static const char *const pt_f[] = {
    "Maria", "Leonor", "Matilde",   "Beatriz", "Carolina", "Mariana",   "Ana",      "Inês", "Sofia",
    "Lara",  "Laura",  "Francisca", "Lucía",   "Camila",   "Valentina", "Catarina", NULL};
static const char *const pt_s[] = {
    "Silva",   "Santos", "Ferreira",  "Pereira",   "Oliveira", "Costa", "Rodrigues", "Martins",
    "Jesus",   "Sousa",  "Fernandes", "Gonçalves", "Gomes",    "Lopes", "Marques",   "Almeida",
    "Ribeiro", "Pinto",  "García",    "Fernández", "González", "López", NULL};
/* Chinese */
static const char *const cn_m[] = {"Wei",  "Jun",   "Hao",  "Yu",    "Chen",  "Ming",
                                   "Jian", "Zhi",   "Kai",  "Jason", "Kevin", "Daniel",
                                   "Ryan", "Ethan", "Hong", "Tao",   NULL};
static const char *const cn_f[] = {"Mei",     "Xin",  "Ling", "Yan",   "Hui",   "Jing",
                                   "Li",      "Xiao", "Yi",   "Chloe", "Grace", "Emily",
                                   "Jessica", "Qian", "Ying", NULL};
static const char *const cn_s[] = {"Wang",   "Li",  "Zhang", "Liu", "Chen", "Yang", "Huang",
                                   "Zhao",   "Wu",  "Zhou",  "Xu",  "Sun",  "Ma",   "Zhu",
                                   "Hu",     "Lin", "Guo",   "He",  "Chan", "Wong", "Lam",
                                   "Cheung", "Ng",  "Leung", NULL};
/* Vietnamese */
static const char *const vn_m[] = {"Minh", "Duc",  "Huy", "Anh",  "Nam",  "Long", "Quang",
                                   "Tuan", "Khoa", "Bao", "Phuc", "Dung", NULL};
static const char *const vn_f[] = {"Linh", "Lan", "Mai", "Ngoc",  "Thu",  "Huong", "Trang",
                                   "Hoa",  "Anh", "Vy",  "Nhung", "Thao", NULL};
static const char *const vn_s[] = {"Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan",  "Vu", "Vo",
                                   "Dang",   "Bui",  "Do", "Ho",   "Ngo",   "Duong", "Ly", NULL};
/* Arabic (Middle East, North Africa) */
static const char *const ar_m[] = {"Mohammed", "Ahmad",   "Omar",    "Youssef", "Ali",
                                   "Karim",    "Khaled",  "Hussein", "Adam",    "Yahya",
                                   "Tariq",    "Mahmoud", "Mustafa", "Rashid",  "Said",
                                   "Jamal",    "Amir",    "Nasser",  NULL};
static const char *const ar_f[] = {"Fatima", "Mariam", "Layla", "Nour",   "Yasmin", "Sara",
                                   "Aya",    "Hana",   "Leila", "Amira",  "Salma",  "Rania",
                                   "Nadia",  "Samira", "Huda",  "Zainab", NULL};
static const char *const ar_s[] = {
    "Ali",    "Hassan", "Hussein", "Ibrahim", "Abdullah", "Mahmoud",  "Saleh",
    "Nasser", "Khalil", "Haddad",  "Mansour", "Saeed",    "Al-Masri", "Al-Sayed",
    "Aziz",   "Farouk", "Karim",   "Rahman",  "Said",     "El-Amin",  NULL};
/* Greek and Greek Cypriot */
static const char *const gr_m[] = {
    "Georgios", "Konstantinos", "Dimitrios",  "Ioannis", "Nikolaos", "Christos", "Panagiotis",
    "Andreas",  "Michalis",     "Alexandros", "Stavros", "Vasilios", NULL};
static const char *const gr_f[] = {"Maria",     "Eleni",    "Katerina",  "Georgia", "Sofia",
                                   "Anastasia", "Despina",  "Christina", "Ioanna",  "Androulla",
                                   "Panagiota", "Vasiliki", NULL};
static const char *const gr_s[] = {"Papadopoulos", "Georgiou", "Constantinou", "Christodoulou",
                                   "Ioannou",      "Nicolaou", "Charalambous", "Demetriou",
                                   "Michael",      "Antoniou", "Panayiotou",   "Kyriacou",
                                   "Savva",        "Economou", "Theodorou",    NULL};

/* Parts of the rare family names (first part + last part). English parts
 * serve English and Caribbean families. */
static const char *const en_t1[] = {
    "Ash",   "Ather", "Bad",  "Bar",   "Bark",  "Bel",   "Birk", "Black", "Brad", "Bram", "Bur",
    "Cal",   "Cart",  "Chad", "Chat",  "Clay",  "Cole",  "Crom", "Dal",   "Dun",  "East", "Elm",
    "Fair",  "Farn",  "Fen",  "Gar",   "Glad",  "Gold",  "Good", "Green", "Hal",  "Ham",  "Har",
    "Hay",   "Heath", "Hol",  "Horn",  "Kings", "Lang",  "Lock", "Marl",  "Mid",  "Mor",  "New",
    "North", "Oak",   "Pen",  "Pick",  "Rad",   "Red",   "Ring", "Rock",  "Rush", "Sal",  "Sand",
    "Shel",  "South", "Stan", "Stock", "Sut",   "Thorn", "Tur",  "Wad",   "War",  "Wat",  "Wel",
    "West",  "Whit",  "Wil",  "Win",   "Yar",   "Lyn",   "Bick", "Cres",  NULL};
static const char *const en_t2[] = {
    "ford",  "ley",   "ton",   "well",   "wood",    "worth",  "by",    "field",  "ham",
    "hurst", "dale",  "ridge", "more",   "cliffe",  "den",    "bury",  "ington", "stone",
    "brook", "combe", "shaw",  "wick",   "thwaite", "land",   "man",   "croft",  "gate",
    "er",    "ell",   "ing",   "cott",   "low",     "mer",    "sley",  "stead",  "ward",
    "win",   "fold",  "hill",  "bridge", "burn",    "wright", "smith", "berry",  "ock",
    "ers",   "son",   "lake",  "acre",   "ney",     NULL};
static const char *const ie_t1[] = {"Mc", "Mac", NULL};
static const char *const ie_t2[] = {
    "Allister", "Andrew",   "Ardle",   "Auley",   "Bride",    "Cabe",    "Cann",    "Carthy",
    "Cormack",  "Crae",     "Culloch", "Dermott", "Donagh",   "Dowell",  "Duff",    "Elroy",
    "Evoy",     "Fadden",   "Fall",    "Farlane", "Gee",      "Gill",    "Ginley",  "Glynn",
    "Goldrick", "Govern",   "Gowan",   "Grath",   "Guinness", "Hale",    "Hugh",    "Inerney",
    "Innes",    "Intosh",   "Intyre",  "Kay",     "Keever",   "Kenna",   "Keown",   "Laren",
    "Lean",     "Loughlin", "Mahon",   "Manus",   "Master",   "Millan",  "Nab",     "Nally",
    "Namara",   "Neil",     "Nulty",   "Phail",   "Pherson",  "Quarrie", "Quillan", "Rae",
    "Shane",    "Sweeney",  "Tavish",  "Vey",     NULL};
static const char *const ng_t1[] = {"Ade", "Ola", "Olu", "Oye", "Akin", "Ogun", "Ayo", "Fola",
                                    "Oso", "Abi", "Oke", "Ala", "Ode",  "Kola", NULL};
static const char *const ng_t2[] = {"bayo", "yemi",  "wale", "tunde", "kunle", "femi",
                                    "dipe", "sanya", "jobi", "lade",  "wole",  "tola",
                                    "bisi", "lowo",  "mide", "gbemi", NULL};
static const char *const pl_t1[] = {
    "Adam",   "Bart",  "Bednar",  "Bielaw", "Bor",   "Brzez", "Chmiel", "Czarn",   "Doman",
    "Dudz",   "Gajew", "Głow",    "Gorzel", "Grab",  "Jasin", "Jaw",    "Kaczmar", "Kalin",
    "Karp",   "Klim",  "Kol",     "Kostr",  "Kozi",  "Krup",  "Kubi",   "Lis",     "Lip",
    "Mach",   "Malin", "Marczew", "Mich",   "Mroz",  "Nowic", "Olsz",   "Ostrow",  "Pawl",
    "Pietrz", "Rudn",  "Sadow",   "Sikor",  "Sob",   "Sokol", "Szczep", "Tomasz",  "Urban",
    "Wal",    "Wit",   "Zaj",     "Zal",    "Zawad", NULL};
static const char *const pl_t2[] = {"ski", "cki", "owski", "ewski", "ak", "ek", "czyk",
                                    "iak", "uk",  "ewicz", "owicz", "ik", NULL};
static const char *const ro_t1[] = {
    "Alb",    "Anghel", "Barb",  "Bălt",  "Bucur",  "Călin", "Cazac", "Cojoc",  "Costin",
    "Crăci",  "Dobr",   "Drag",  "Enach", "Grigor", "Iord",  "Lazăr", "Manol",  "Marin",
    "Mihăil", "Mocan",  "Neag",  "Nicol", "Olt",    "Pătr",  "Petr",  "Pred",   "Rad",
    "Sârb",   "Stanc",  "Tănas", "Tom",   "Ungur",  "Vasil", "Vlad",  "Zamfir", NULL};
static const char *const ro_t2[] = {"escu", "eanu", "ache", "oiu", "an", "u", "ică", "aru", NULL};
static const char *const tr_t1[] = {"Ak",   "Kara", "Demir", "Yıl", "Öz",  "Çelik", "Ay",
                                    "Kaya", "Gül",  "Er",    "Tan", "Bal", "Bay",   "Kol",
                                    "Sarı", "Ulu",  "Uz",    "Gök", NULL};
static const char *const tr_t2[] = {"dağ", "taş", "kan", "oğlu",  "er",   "soy", "türk", "can",
                                    "han", "men", "göz", "tekin", "kurt", "ay",  NULL};
static const char *const gr_t1[] = {
    "Alexandr", "Anagnost",    "Andre",   "Athanas", "Chrysanth", "Dimitr", "Evangel",
    "Georgi",   "Hadji",       "Karaman", "Kokkin",  "Konstant",  "Lambr",  "Mavr",
    "Nikol",    "Pantel",      "Papad",   "Pavl",    "Petr",      "Sotir",  "Stavr",
    "Stylian",  "Triantafyll", "Vasil",   "Xen",     "Zachari",   NULL};
static const char *const gr_t2[] = {"opoulos", "ides", "ou",   "akis", "iou",
                                    "os",      "is",   "atos", NULL};

/* Share of children (per mille, roughly), double-barrelled %, the family
 * list's skew and the share of rare family names. Where the real names are
 * few and common (Khan, Begum, Nguyen, Silva: clan, patronymic and
 * Portuguese naming), there is no tail and the skew is steeper. */
const struct synth_origin synth_origins[] = {
    {"english", 380, en_m, en_f, en_s, 3, 0.55, 79, en_t1, en_t2},
    {"caribbean", 60, car_m, car_f, car_s, 1, 0.55, 70, en_t1, en_t2},
    {"irish_scottish_welsh", 50, ie_m, ie_f, ie_s, 1, 0.55, 60, ie_t1, ie_t2},
    {"south_asian", 120, pk_m, pk_f, pk_s, 0, 0.7, 0, NULL, NULL},
    {"bangladeshi", 70, bd_m, bd_f, bd_s, 0, 0.8, 0, NULL, NULL},
    {"somali", 40, so_m, so_f, so_s, 0, 0.8, 0, NULL, NULL},
    {"west_african", 80, ng_m, ng_f, ng_s, 1, 0.55, 60, ng_t1, ng_t2},
    {"polish", 40, pl_m, pl_f, pl_s, 0, 0.55, 80, pl_t1, pl_t2},
    {"romanian", 30, ro_m, ro_f, ro_s, 0, 0.55, 75, ro_t1, ro_t2},
    {"turkish", 30, tr_m, tr_f, tr_s, 0, 0.55, 60, tr_t1, tr_t2},
    {"portuguese_spanish", 25, pt_m, pt_f, pt_s, 4, 0.8, 0, NULL, NULL},
    {"chinese", 20, cn_m, cn_f, cn_s, 0, 0.7, 0, NULL, NULL},
    {"vietnamese", 10, vn_m, vn_f, vn_s, 0, 1.0, 0, NULL, NULL},
    {"arabic", 30, ar_m, ar_f, ar_s, 0, 0.6, 0, NULL, NULL},
    {"greek", 15, gr_m, gr_f, gr_s, 0, 0.55, 70, gr_t1, gr_t2},
};
const int synth_origin_count = (int)(sizeof synth_origins / sizeof synth_origins[0]);

const char *const synth_streets[] = {"High",
                                     "Church",
                                     "Station",
                                     "Mare",
                                     "Kingsland",
                                     "Mile End",
                                     "Commercial",
                                     "Whitechapel",
                                     "Brick Lane",
                                     "Green Lanes",
                                     "Seven Sisters",
                                     "Holloway",
                                     "Caledonian",
                                     "Essex",
                                     "Balls Pond",
                                     "Dalston",
                                     "Stoke Newington",
                                     "Lordship",
                                     "West Green",
                                     "Philip",
                                     "Tottenham",
                                     "Rye",
                                     "Peckham",
                                     "Camberwell",
                                     "Coldharbour",
                                     "Brixton",
                                     "Acre",
                                     "Railton",
                                     "Uxbridge",
                                     "Goldhawk",
                                     "Askew",
                                     "Harrow",
                                     "Kilburn",
                                     "Willesden",
                                     "Craven Park",
                                     "Ealing",
                                     "Lewisham",
                                     "Deptford",
                                     "Catford",
                                     "Woolwich",
                                     "Plumstead",
                                     "Barking",
                                     "Ilford",
                                     "Cranbrook",
                                     "Romford",
                                     "Green Street",
                                     "Barking Road",
                                     "Plashet",
                                     "Forest",
                                     "Hoe",
                                     "Lea Bridge",
                                     "Chingford",
                                     "Walthamstow",
                                     "Leyton",
                                     "Grove",
                                     "Victoria",
                                     "Albert",
                                     "Queens",
                                     "Kings",
                                     "Park",
                                     "Manor",
                                     "Mill",
                                     "Springfield",
                                     "Windsor",
                                     "York",
                                     "Osborne",
                                     "Cromwell",
                                     "Elm",
                                     "Oak",
                                     "Cedar",
                                     "Beech",
                                     "Willow",
                                     "Maple",
                                     "Chestnut",
                                     "Clarence",
                                     "Palmerston",
                                     "Gladstone",
                                     "Nelson",
                                     "Wellington",
                                     "Stanley",
                                     "Cambridge",
                                     "Oxford",
                                     "Percy",
                                     "Marlborough",
                                     "Denmark",
                                     "Leytonstone",
                                     "Cann Hall",
                                     "Tooting",
                                     "Garratt",
                                     "Streatham",
                                     NULL};
const char *const synth_street_types[] = {"Road",    "Street",   "Lane",   "Avenue", "Close",
                                          "Gardens", "Grove",    "Way",    "Court",  "Place",
                                          "Terrace", "Crescent", "Drive",  "Walk",   "Mews",
                                          "Rise",    "Hill",     "Square", NULL};

const struct synth_district synth_districts[] = {
    {"E1", 30},   {"E2", 15},   {"E3", 20},  {"E5", 15},   {"E6", 25},   {"E7", 20},   {"E8", 20},
    {"E9", 12},   {"E10", 15},  {"E11", 12}, {"E12", 15},  {"E13", 18},  {"E14", 25},  {"E15", 18},
    {"E16", 12},  {"E17", 25},  {"E18", 8},  {"N1", 20},   {"N4", 15},   {"N7", 12},   {"N8", 10},
    {"N9", 15},   {"N15", 18},  {"N16", 18}, {"N17", 20},  {"N18", 15},  {"N19", 10},  {"N22", 12},
    {"NW1", 12},  {"NW2", 12},  {"NW5", 8},  {"NW6", 10},  {"NW9", 12},  {"NW10", 20}, {"SE1", 15},
    {"SE5", 15},  {"SE6", 12},  {"SE8", 12}, {"SE13", 12}, {"SE15", 20}, {"SE16", 10}, {"SE18", 18},
    {"SE25", 12}, {"SE28", 10}, {"SW2", 15}, {"SW4", 8},   {"SW8", 10},  {"SW9", 18},  {"SW11", 10},
    {"SW16", 15}, {"SW17", 12}, {"W2", 8},   {"W3", 10},   {"W10", 10},  {"W12", 12},  {"W13", 8},
    {"CR0", 25},  {"IG1", 18},  {"IG3", 12}, {"IG11", 15}, {"HA0", 15},  {"HA9", 12},  {"UB1", 12},
    {"UB3", 12},  {"EN1", 10},  {"EN3", 12}, {"RM8", 10},  {"RM9", 10},  {"BR1", 8},   {"TW3", 8},
};
const int synth_district_count = (int)(sizeof synth_districts / sizeof synth_districts[0]);
/* clang-format on */
